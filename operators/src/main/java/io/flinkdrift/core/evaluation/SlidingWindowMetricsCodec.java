package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of {@link SlidingWindowMetrics}, bit-exact (the running sums are stored, not recomputed, so
 * a restored window continues exactly as the original). Version 1: window size, size, next slot,
 * evictions since the last recomputation (ints), the metrics (nested, versioned) and the ring of
 * contribution rows. Use the {@link Classification} or {@link Regression} subclass.
 *
 * @param <M> the metric family
 */
public abstract class SlidingWindowMetricsCodec<M extends AdditiveMetrics<M>>
        implements StateCodec<SlidingWindowMetrics<M>> {

    private final StateCodec<M> metricsCodec;

    protected SlidingWindowMetricsCodec(StateCodec<M> metricsCodec) {
        this.metricsCodec = metricsCodec;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(SlidingWindowMetrics<M> value, DataOutput out) throws IOException {
        out.writeInt(value.windowSize());
        out.writeInt(value.size());
        out.writeInt(value.next());
        out.writeInt(value.evictionsSinceRecompute());
        NestedCodecs.write(metricsCodec, value.metrics(), out);
        NestedCodecs.writeDoubles(value.rows(), out);
    }

    @Override
    public SlidingWindowMetrics<M> read(DataInput in, int version) throws IOException {
        int windowSize = in.readInt();
        int size = in.readInt();
        int next = in.readInt();
        int evictions = in.readInt();
        M metrics = NestedCodecs.read(metricsCodec, in);
        long rowsLength = (long) windowSize * metrics.contributionWidth();
        double[] rows = NestedCodecs.readDoubles(in, (int) Math.min(rowsLength, Integer.MAX_VALUE));
        if (windowSize < 1 || size < 0 || size > windowSize || next < 0 || next >= windowSize
                || evictions < 0 || evictions > windowSize || rows.length != rowsLength) {
            throw new IOException("Corrupt sliding window state: windowSize=" + windowSize + ", size=" + size
                    + ", next=" + next + ", evictions=" + evictions + ", rows=" + rows.length);
        }
        return new SlidingWindowMetrics<>(metrics, windowSize, rows, size, next, evictions);
    }

    /** Codec of a sliding window of {@link ClassificationMetrics}. */
    public static final class Classification extends SlidingWindowMetricsCodec<ClassificationMetrics> {
        public Classification() {
            super(new ClassificationMetricsCodec());
        }
    }

    /** Codec of a sliding window of {@link RegressionMetrics}. */
    public static final class Regression extends SlidingWindowMetricsCodec<RegressionMetrics> {
        public Regression() {
            super(new RegressionMetricsCodec());
        }
    }
}
