package io.flinkdrift.core.conformal;

import io.flinkdrift.core.state.StateCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * State written by every format version of every conformal controller codec (byte fixtures in
 * {@code src/test/resources/conformal}, see {@link ConformalStateFixtures}) restores equal to the
 * state that was written, and the current format's bytes are unchanged.
 */
class ConformalStateFixturesTest {

    @Test
    void everyFormatVersionOfEveryControllerStateRestores() throws IOException {
        for (Map.Entry<String, ConformalStateFixtures.Fixture<?>> entry : ConformalStateFixtures.all().entrySet()) {
            assertFixturesRestore(entry.getKey(), entry.getValue());
        }
    }

    @Test
    void currentFormatBytesMatchTheFixtures() throws IOException {
        for (Map.Entry<String, ConformalStateFixtures.Fixture<?>> entry : ConformalStateFixtures.all().entrySet()) {
            ConformalStateFixtures.Fixture<?> fixture = entry.getValue();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ConformalStateFixtures.writeFixture(fixture, new DataOutputStream(bytes));
            assertArrayEquals(fixture(entry.getKey(), fixture.codec.version()), bytes.toByteArray(), entry.getKey());
        }
    }

    private static <T> void assertFixturesRestore(String name, ConformalStateFixtures.Fixture<T> fixture)
            throws IOException {
        for (int version = 1; version <= fixture.codec.version(); version++) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(fixture(name, version)));
            T restored = fixture.codec.read(in, in.readInt());
            assertEquals(-1, in.read(), name + " v" + version + ": trailing bytes");
            assertEquals(fixture.state.get(), restored, name + " v" + version);
        }
    }

    private static byte[] fixture(String name, int version) throws IOException {
        String resource = "/conformal/" + name + "-v" + version + ".bin";
        try (InputStream in = ConformalStateFixturesTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "missing fixture " + resource);
            return in.readAllBytes();
        }
    }
}
