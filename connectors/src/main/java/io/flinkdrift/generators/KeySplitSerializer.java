package io.flinkdrift.generators;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Format of {@link KeySplit}s, alone (splits) or as a collection (the enumerator's checkpoint); a
 * collection is an int size and that many splits.
 *
 * <ul>
 *   <li>Version 2: an int number of keys, then per key its index (int) and next index (long).
 *   <li>Version 1 (key stripes, read only): stripe {@code s}, stripes {@code S}, keys (ints), count and
 *       position {@code p} (longs). The stripe held the keys {@code s, s + S, ...} below keys, {@code m}
 *       of them, and had emitted their indices in increasing order, {@code p} in all; so its {@code j}-th
 *       key had emitted {@code p / m} indices, plus one if {@code j < p % m}. It reads as the split of
 *       those keys at those positions.
 * </ul>
 */
final class KeySplitSerializer {

    private static final int VERSION = 2;
    private static final int KEY_STRIPES = 1;

    private KeySplitSerializer() {}

    static SimpleVersionedSerializer<KeySplit> splits() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return VERSION;
            }

            @Override
            public byte[] serialize(KeySplit split) throws IOException {
                return write(List.of(split), false);
            }

            @Override
            public KeySplit deserialize(int version, byte[] bytes) throws IOException {
                return read(version, bytes, false).get(0);
            }
        };
    }

    static SimpleVersionedSerializer<Collection<KeySplit>> checkpoints() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return VERSION;
            }

            @Override
            public byte[] serialize(Collection<KeySplit> splits) throws IOException {
                return write(splits, true);
            }

            @Override
            public Collection<KeySplit> deserialize(int version, byte[] bytes) throws IOException {
                return read(version, bytes, true);
            }
        };
    }

    private static byte[] write(Collection<KeySplit> splits, boolean withSize) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        if (withSize) {
            out.writeInt(splits.size());
        }
        for (KeySplit split : splits) {
            out.writeInt(split.size());
            for (int i = 0; i < split.size(); i++) {
                out.writeInt(split.key(i));
                out.writeLong(split.next(i));
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static List<KeySplit> read(int version, byte[] bytes, boolean withSize) throws IOException {
        if (version != VERSION && version != KEY_STRIPES) {
            throw new IOException("unknown generator split format version " + version);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int size = withSize ? in.readInt() : 1;
        List<KeySplit> splits = new ArrayList<>(size);
        for (int s = 0; s < size; s++) {
            splits.add(version == VERSION ? readSplit(in) : readKeyStripe(in));
        }
        return splits;
    }

    private static KeySplit readSplit(DataInputStream in) throws IOException {
        int keys = in.readInt();
        int[] key = new int[keys];
        long[] next = new long[keys];
        for (int i = 0; i < keys; i++) {
            key[i] = in.readInt();
            next[i] = in.readLong();
        }
        return new KeySplit(key, next);
    }

    private static KeySplit readKeyStripe(DataInputStream in) throws IOException {
        int stripe = in.readInt();
        int stripes = in.readInt();
        int keys = in.readInt();
        in.readLong(); // the count: the source's own applies
        long position = in.readLong();
        int inStripe = (keys - stripe + stripes - 1) / stripes;
        int[] key = new int[inStripe];
        long[] next = new long[inStripe];
        for (int j = 0; j < inStripe; j++) {
            key[j] = stripe + j * stripes;
            long emitted = position / inStripe + (j < position % inStripe ? 1 : 0);
            next[j] = emitted * keys + key[j];
        }
        return new KeySplit(key, next);
    }
}
