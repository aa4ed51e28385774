package io.flinkdrift.core.evaluation;

import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Format of {@link ClassificationMetrics}. Version 1: count, correct, log-loss sum, Brier sum (doubles),
 * then the true-class and predicted-class counts (each an int length and that many doubles).
 */
public final class ClassificationMetricsCodec implements StateCodec<ClassificationMetrics> {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(ClassificationMetrics value, DataOutput out) throws IOException {
        out.writeDouble(value.count());
        out.writeDouble(value.correct());
        out.writeDouble(value.logLossSum());
        out.writeDouble(value.brierSum());
        NestedCodecs.writeDoubles(value.trueClassCounts(), out);
        NestedCodecs.writeDoubles(value.predictedClassCounts(), out);
    }

    @Override
    public ClassificationMetrics read(DataInput in, int version) throws IOException {
        double count = in.readDouble();
        double correct = in.readDouble();
        double logLossSum = in.readDouble();
        double brierSum = in.readDouble();
        int maxClasses = ClassificationMetrics.MAX_CLASS_INDEX + 1;
        return new ClassificationMetrics(count, correct, logLossSum, brierSum,
                NestedCodecs.readDoubles(in, maxClasses), NestedCodecs.readDoubles(in, maxClasses));
    }
}
