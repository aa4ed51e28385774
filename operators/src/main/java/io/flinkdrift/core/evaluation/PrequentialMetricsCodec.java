package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of {@link PrequentialMetrics}. Version 1: the cumulative metrics, the sliding window and the
 * fading metrics, each nested with its own format version. Use the {@link Classification} or {@link
 * Regression} subclass, e.g. {@code new CodecSerializer<>(PrequentialMetricsCodec.Classification.class)}.
 *
 * @param <M> the metric family
 */
public abstract class PrequentialMetricsCodec<M extends AdditiveMetrics<M>>
        implements StateCodec<PrequentialMetrics<M>> {

    private final StateCodec<M> metricsCodec;
    private final SlidingWindowMetricsCodec<M> windowCodec;
    private final FadingMetricsCodec<M> fadingCodec;

    protected PrequentialMetricsCodec(StateCodec<M> metricsCodec, SlidingWindowMetricsCodec<M> windowCodec,
            FadingMetricsCodec<M> fadingCodec) {
        this.metricsCodec = metricsCodec;
        this.windowCodec = windowCodec;
        this.fadingCodec = fadingCodec;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(PrequentialMetrics<M> value, DataOutput out) throws IOException {
        NestedCodecs.write(metricsCodec, value.cumulative(), out);
        NestedCodecs.write(windowCodec, value.slidingWindow(), out);
        NestedCodecs.write(fadingCodec, value.fadingMetrics(), out);
    }

    @Override
    public PrequentialMetrics<M> read(DataInput in, int version) throws IOException {
        return new PrequentialMetrics<>(NestedCodecs.read(metricsCodec, in),
                NestedCodecs.read(windowCodec, in), NestedCodecs.read(fadingCodec, in));
    }

    /** Codec of prequential {@link ClassificationMetrics}. */
    public static final class Classification extends PrequentialMetricsCodec<ClassificationMetrics> {
        public Classification() {
            super(new ClassificationMetricsCodec(), new SlidingWindowMetricsCodec.Classification(),
                    new FadingMetricsCodec.Classification());
        }
    }

    /** Codec of prequential {@link RegressionMetrics}. */
    public static final class Regression extends PrequentialMetricsCodec<RegressionMetrics> {
        public Regression() {
            super(new RegressionMetricsCodec(), new SlidingWindowMetricsCodec.Regression(),
                    new FadingMetricsCodec.Regression());
        }
    }
}
