package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learning.ModelSnapshot;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The file format of saved model data: per {@link ModelSnapshot}, the key (modified UTF-8), the
 * model version, the timestamp, the format version, the state's length and the state's bytes. Used
 * by {@link OnlineLearnerModel#save} (as the {@link Encoder}) and its {@code load} (as the
 * reading format).
 */
final class ModelSnapshotFormat extends SimpleStreamFormat<ModelSnapshot> implements Encoder<ModelSnapshot> {

    private static final long serialVersionUID = 1L;

    @Override
    public void encode(ModelSnapshot snapshot, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeUTF(snapshot.key);
        out.writeLong(snapshot.modelVersion);
        out.writeLong(snapshot.timestamp);
        out.writeInt(snapshot.formatVersion);
        out.writeInt(snapshot.state.length);
        out.write(snapshot.state);
        out.flush();
    }

    @Override
    public StreamFormat.Reader<ModelSnapshot> createReader(Configuration config, FSDataInputStream stream) {
        DataInputStream in = new DataInputStream(stream);
        return new StreamFormat.Reader<>() {
            @Override
            public ModelSnapshot read() throws IOException {
                String key;
                try {
                    key = in.readUTF();
                } catch (EOFException end) {
                    return null;
                }
                long modelVersion = in.readLong();
                long timestamp = in.readLong();
                int formatVersion = in.readInt();
                int length = in.readInt();
                if (length < 0) {
                    throw new IOException("Corrupt model data: negative state length " + length);
                }
                byte[] state = new byte[length];
                in.readFully(state);
                return new ModelSnapshot(key, modelVersion, timestamp, formatVersion, state);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public TypeInformation<ModelSnapshot> getProducedType() {
        return TypeInformation.of(ModelSnapshot.class);
    }
}
