package io.flinkdrift.jobs.runtime;

import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.transformations.PhysicalTransformation;

/**
 * Chains custom operators to the operator before them. Flink 1.20 gives an {@code
 * AbstractStreamOperator} the chaining strategy {@code HEAD}, which starts a new task: every record
 * would then cross a thread and be serialized even over a forward edge (Flink 2.x chains by default).
 */
public final class ChainedOperators {

    private ChainedOperators() {}

    /** {@code operator}, set to chain to its input ({@link ChainingStrategy#ALWAYS}). */
    public static <T> SingleOutputStreamOperator<T> chained(SingleOutputStreamOperator<T> operator) {
        ((PhysicalTransformation<T>) operator.getTransformation()).setChainingStrategy(ChainingStrategy.ALWAYS);
        return operator;
    }
}
