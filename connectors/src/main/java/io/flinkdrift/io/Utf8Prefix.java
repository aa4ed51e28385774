package io.flinkdrift.io;

import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 bytes into a string of at most a given number of bytes, cutting before a multi-byte
 * character rather than through it. Shared by the file and Kafka line sources for oversized input.
 */
final class Utf8Prefix {

    private Utf8Prefix() {}

    /**
     * Decodes {@code bytes[0, length)}, or only its longest prefix of at most {@code maxBytes} bytes
     * that ends on a character boundary when {@code length > maxBytes}. Malformed input is decoded
     * with U+FFFD replacement characters and never throws.
     */
    static String decode(byte[] bytes, int length, int maxBytes) {
        if (length <= maxBytes) {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
        return new String(bytes, 0, cutPoint(bytes, maxBytes), StandardCharsets.UTF_8);
    }

    /**
     * The largest cut {@code <= maxBytes} that does not split a character, given that {@code bytes}
     * holds more than {@code maxBytes} bytes. A UTF-8 character has at most three continuation bytes
     * ({@code 10xxxxxx}) after its lead byte ({@code 11xxxxxx}).
     */
    private static int cutPoint(byte[] bytes, int maxBytes) {
        int back = 0;
        while (back < 3 && maxBytes - back > 0 && isContinuation(bytes[maxBytes - back])) {
            back++;
        }
        boolean splitsCharacter = back > 0 && (bytes[maxBytes - back] & 0xC0) == 0xC0;
        return splitsCharacter ? maxBytes - back : maxBytes;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
