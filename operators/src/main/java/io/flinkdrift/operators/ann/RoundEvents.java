package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.ListStatistics;
import io.flinkdrift.core.ann.QuantizerUpdate;
import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.core.state.StateCodec;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The events between the {@link InsertShard}s and their {@link RoundCoordinator}. Algorithm values
 * travel as codec bytes ({@link ListStatistics.Codec}, {@link QuantizerUpdate.Codec}, each with its
 * format version), so an event's Java serialization only covers primitives and arrays.
 */
final class RoundEvents {

    private RoundEvents() {}

    /**
     * Shard → coordinator: the earliest timestamp of the shard's records, exact because its watermark
     * has passed it ({@link Long#MAX_VALUE}: the shard has none).
     */
    record Hello(int subtask, long firstTime) implements OperatorEvent {}

    /** Coordinator → shards: the first maintenance boundary ({@link Long#MAX_VALUE}: no record anywhere). */
    record Begin(long boundary) implements OperatorEvent {}

    /**
     * Shard → coordinator: the shard's state at boundary B (every record before B applied, vectors
     * before B − ttl expired). Before training: its untrained inserts' count and its first
     * {@code trainingSize} of them in (timestamp, id) order; after: its list statistics.
     *
     * @param more whether the shard has a record at or after B
     * @param statistics {@link ListStatistics} codec bytes, empty before training
     * @param untrained inserts waiting for training (0 after)
     * @param sampleTimes timestamps of the sample, ascending with {@code sampleIds}
     * @param sampleVectors the sample, row-major
     */
    record Statistics(long boundary, int subtask, boolean more, byte[] statistics, long untrained, long[] sampleTimes,
            long[] sampleIds, float[] sampleVectors) implements OperatorEvent {

        /** The numbers this event carries to the coordinator (statistics or sample). */
        long numbers() {
            return statistics.length == 0 ? sampleTimes.length * 2L + sampleVectors.length
                    : decodeStatistics().numbers();
        }

        ListStatistics decodeStatistics() {
            return CodecBytes.decode(new ListStatistics.Codec(), statistics);
        }

        /**
         * Format 1: boundary, subtask, more, statistics (length, bytes), untrained, sample (count; per
         * row time and id), sample vectors (length, floats). The coordinator's checkpoint and a shard's
         * statistics awaiting their release are written in it.
         */
        static final class Codec implements StateCodec<Statistics> {

            @Override
            public int version() {
                return 1;
            }

            @Override
            public void write(Statistics s, DataOutput out) throws IOException {
                out.writeLong(s.boundary());
                out.writeInt(s.subtask());
                out.writeBoolean(s.more());
                out.writeInt(s.statistics().length);
                out.write(s.statistics());
                out.writeLong(s.untrained());
                out.writeInt(s.sampleIds().length);
                for (int i = 0; i < s.sampleIds().length; i++) {
                    out.writeLong(s.sampleTimes()[i]);
                    out.writeLong(s.sampleIds()[i]);
                }
                out.writeInt(s.sampleVectors().length);
                ArrayFormat.writeFloats(s.sampleVectors(), out);
            }

            @Override
            public Statistics read(DataInput in, int version) throws IOException {
                long boundary = in.readLong();
                int subtask = in.readInt();
                boolean more = in.readBoolean();
                byte[] statistics = new byte[in.readInt()];
                in.readFully(statistics);
                long untrained = in.readLong();
                int n = in.readInt();
                long[] times = new long[n];
                long[] ids = new long[n];
                for (int i = 0; i < n; i++) {
                    times[i] = in.readLong();
                    ids[i] = in.readLong();
                }
                float[] vectors = ArrayFormat.readFloats(in, in.readInt());
                return new Statistics(boundary, subtask, more, statistics, untrained, times, ids, vectors);
            }
        }
    }

    /**
     * Coordinator → shards: the updates of boundary B, in order (the training's version 0, the
     * policy's steps, or none), and whether it was the last round.
     *
     * @param updates {@link QuantizerUpdate} codec bytes, one per update
     * @param events events that reached the coordinator for B
     * @param numbers numbers those events carried
     * @param liveVectors live vectors of all shards at B (before training: the untrained inserts)
     * @param planNanos the coordinator's wall time to plan the round
     */
    record Release(long boundary, byte[][] updates, boolean last, long events, long numbers, long liveVectors,
            long planNanos) implements OperatorEvent {}

    /** Shard → coordinator: the shard applied the last round and will send nothing more. */
    record Finished(int subtask) implements OperatorEvent {}

}
