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
 * Format of {@link KeyStripe}s, alone (splits) or as a collection (the enumerator's checkpoint).
 * Version 1: stripe, stripes, keys (ints), count, position (longs); a collection is an int size and
 * that many stripes.
 */
final class KeyStripeSerializer {

    private static final int VERSION = 1;

    private KeyStripeSerializer() {}

    static SimpleVersionedSerializer<KeyStripe> splits() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return VERSION;
            }

            @Override
            public byte[] serialize(KeyStripe stripe) throws IOException {
                return write(List.of(stripe), false);
            }

            @Override
            public KeyStripe deserialize(int version, byte[] bytes) throws IOException {
                return read(bytes, false).get(0);
            }
        };
    }

    static SimpleVersionedSerializer<Collection<KeyStripe>> checkpoints() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return VERSION;
            }

            @Override
            public byte[] serialize(Collection<KeyStripe> stripes) throws IOException {
                return write(stripes, true);
            }

            @Override
            public Collection<KeyStripe> deserialize(int version, byte[] bytes) throws IOException {
                return read(bytes, true);
            }
        };
    }

    private static byte[] write(Collection<KeyStripe> stripes, boolean withSize) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        if (withSize) {
            out.writeInt(stripes.size());
        }
        for (KeyStripe stripe : stripes) {
            out.writeInt(stripe.stripe());
            out.writeInt(stripe.stripes());
            out.writeInt(stripe.keys());
            out.writeLong(stripe.count());
            out.writeLong(stripe.position());
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static List<KeyStripe> read(byte[] bytes, boolean withSize) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int size = withSize ? in.readInt() : 1;
        List<KeyStripe> stripes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            stripes.add(new KeyStripe(in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readLong()));
        }
        return stripes;
    }
}
