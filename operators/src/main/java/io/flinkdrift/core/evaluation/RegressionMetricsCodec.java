package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Format of {@link RegressionMetrics}. Version 1: count, absolute-error sum, squared-error sum (doubles). */
public final class RegressionMetricsCodec implements StateCodec<RegressionMetrics> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(RegressionMetrics value, DataOutput out) throws IOException {
        out.writeDouble(value.count());
        out.writeDouble(value.absoluteErrorSum());
        out.writeDouble(value.squaredErrorSum());
    }

    @Override
    public RegressionMetrics read(DataInput in, int version) throws IOException {
        return new RegressionMetrics(in.readDouble(), in.readDouble(), in.readDouble());
    }
}
