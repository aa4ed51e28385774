package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of {@link FadingMetrics}. Version 1: the fading factor (double), then the faded metrics
 * (nested, versioned). Use the {@link Classification} or {@link Regression} subclass.
 *
 * @param <M> the metric family
 */
public abstract class FadingMetricsCodec<M extends AdditiveMetrics<M>>
        implements StateCodec<FadingMetrics<M>> {

    private final StateCodec<M> metricsCodec;

    protected FadingMetricsCodec(StateCodec<M> metricsCodec) {
        this.metricsCodec = metricsCodec;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(FadingMetrics<M> value, DataOutput out) throws IOException {
        out.writeDouble(value.fadingFactor());
        NestedCodecs.write(metricsCodec, value.metrics(), out);
    }

    @Override
    public FadingMetrics<M> read(DataInput in, int version) throws IOException {
        double fadingFactor = in.readDouble();
        if (!(fadingFactor > 0 && fadingFactor <= 1)) {
            throw new IOException("Corrupt fading state: fading factor " + fadingFactor);
        }
        return FadingMetrics.restore(NestedCodecs.read(metricsCodec, in), fadingFactor);
    }

    /** Codec of faded {@link ClassificationMetrics}. */
    public static final class Classification extends FadingMetricsCodec<ClassificationMetrics> {
        public Classification() {
            super(new ClassificationMetricsCodec());
        }
    }

    /** Codec of faded {@link RegressionMetrics}. */
    public static final class Regression extends FadingMetricsCodec<RegressionMetrics> {
        public Regression() {
            super(new RegressionMetricsCodec());
        }
    }
}
