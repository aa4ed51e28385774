package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.state.StateCodec;
import org.apache.flink.core.memory.DataInputDeserializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One key's calibrated conformal state after some of its elements, as {@link KeyedConformal#snapshot}
 * emits it: the key's {@link ConformalProgress} (next stream index, labelled elements and their loss
 * sum), the event time of the last element, and the controller state in its own codec's format (its
 * format version, then its bytes, as {@link KeyedConformal#calibrationSerializer()} writes it), kept
 * as bytes so that each reader decodes a fresh copy. Immutable; its format is {@link Codec}.
 */
public final class ConformalCalibration {

    /** The largest controller state read back, in bytes: a longer length is corruption. */
    private static final int MAX_STATE_BYTES = 1 << 30;

    private final long nextIndex;
    private final long evaluated;
    private final double lossSum;
    private final long timestamp;
    private final byte[] calibration;

    ConformalCalibration(ConformalProgress progress, long timestamp, byte[] calibration) {
        this(progress.nextIndex, progress.evaluated, progress.lossSum, timestamp, calibration);
    }

    private ConformalCalibration(long nextIndex, long evaluated, double lossSum, long timestamp,
            byte[] calibration) {
        this.nextIndex = nextIndex;
        this.evaluated = evaluated;
        this.lossSum = lossSum;
        this.timestamp = timestamp;
        this.calibration = calibration;
    }

    /** A new copy of the key's progress. */
    public ConformalProgress progress() {
        ConformalProgress progress = new ConformalProgress();
        progress.nextIndex = nextIndex;
        progress.evaluated = evaluated;
        progress.lossSum = lossSum;
        return progress;
    }

    /** The elements of the key this state absorbed, the index its next element gets. */
    public long elements() {
        return nextIndex;
    }

    /** The event time of the key's last element. */
    public long timestamp() {
        return timestamp;
    }

    /**
     * The controller state, a new object on every call, written by the serializer of {@code conformal}'s controller.
     *
     * @throws IOException if the bytes are not in that controller's format
     */
    public <S> S calibration(KeyedConformal<S> conformal) throws IOException {
        return conformal.calibrationSerializer().deserialize(
                new DataInputDeserializer(calibration));
    }

    /**
     * Format 1: next index, evaluated count, loss sum, timestamp (longs and a double), then the
     * controller state's length and bytes (its own format version first).
     */
    public static final class Codec implements StateCodec<ConformalCalibration> {

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(ConformalCalibration value, DataOutput out) throws IOException {
            out.writeLong(value.nextIndex);
            out.writeLong(value.evaluated);
            out.writeDouble(value.lossSum);
            out.writeLong(value.timestamp);
            out.writeInt(value.calibration.length);
            out.write(value.calibration);
        }

        @Override
        public ConformalCalibration read(DataInput in, int version) throws IOException {
            long nextIndex = in.readLong();
            long evaluated = in.readLong();
            double lossSum = in.readDouble();
            long timestamp = in.readLong();
            int length = in.readInt();
            if (length < 0 || length > MAX_STATE_BYTES) {
                throw new IOException("Corrupt conformal calibration: state length " + length);
            }
            byte[] calibration = new byte[length];
            in.readFully(calibration);
            return new ConformalCalibration(nextIndex, evaluated, lossSum, timestamp, calibration);
        }

        @Override
        public ConformalCalibration copy(ConformalCalibration value) {
            return value;
        }
    }
}
