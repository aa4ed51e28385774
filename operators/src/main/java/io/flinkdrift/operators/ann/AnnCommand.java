package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.QuantizerUpdate;
import io.flinkdrift.core.state.StateCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One entry of the command log that {@link AnnCoordinator} sequences and every {@link AnnShard}
 * replays: an insert (id, timestamp, vector), a query (id, timestamp, vector, stamped with the
 * quantizer version it is answered under), a quantizer update (version, encoded
 * {@link QuantizerUpdate}) or an expiry (every vector with a timestamp before the cutoff is removed,
 * see {@link AnnCoordinator}'s time-to-live). A Flink POJO.
 */
public class AnnCommand {

    /** What the command does. */
    public enum Type {
        INSERT,
        QUERY,
        UPDATE,
        EXPIRE
    }

    public Type type;
    /** Vector id (INSERT) or query id (QUERY). */
    public long id;
    /** Event time of the vector or query; EXPIRE: the cutoff (vectors with an earlier time go). */
    public long timestamp;
    public float[] vector = new float[0];
    /** QUERY: the quantizer version it is answered under; UPDATE: the version it publishes. */
    public long version;
    /** UPDATE: the {@link QuantizerUpdate.Codec} bytes. */
    public byte[] update = new byte[0];

    public AnnCommand() {}

    public static AnnCommand insert(long id, long timestamp, float[] vector) {
        return of(Type.INSERT, id, timestamp, vector);
    }

    public static AnnCommand query(long id, long timestamp, float[] vector) {
        return of(Type.QUERY, id, timestamp, vector);
    }

    private static AnnCommand of(Type type, long id, long timestamp, float[] vector) {
        AnnCommand command = new AnnCommand();
        command.type = type;
        command.id = id;
        command.timestamp = timestamp;
        command.vector = vector;
        return command;
    }

    static AnnCommand update(QuantizerUpdate update) {
        AnnCommand command = new AnnCommand();
        command.type = Type.UPDATE;
        command.version = update.version();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            StateCodec<QuantizerUpdate> codec = new QuantizerUpdate.Codec();
            out.writeInt(codec.version());
            codec.write(update, out);
            out.flush();
            command.update = bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return command;
    }

    static AnnCommand expire(long cutoff) {
        AnnCommand command = new AnnCommand();
        command.type = Type.EXPIRE;
        command.timestamp = cutoff;
        return command;
    }

    QuantizerUpdate decodeUpdate() {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(update));
            return new QuantizerUpdate.Codec().read(in, in.readInt());
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt quantizer update " + version, e);
        }
    }

    AnnCommand stamped(long quantizerVersion) {
        AnnCommand command = of(type, id, timestamp, vector);
        command.version = quantizerVersion;
        return command;
    }
}
