package io.flinkdrift.operators.learners;

import org.apache.flink.ml.param.LongParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/** Interface for the shared seed param: the seed of a learner's random numbers. */
public interface HasSeed<T> extends WithParams<T> {

    Param<Long> SEED = new LongParam(
            "seed",
            "Seed of the learner's random numbers (random features, Monte Carlo samples).",
            0L, ParamValidators.notNull());

    default long getSeed() {
        return get(SEED);
    }

    default T setSeed(long value) {
        return set(SEED, value);
    }
}
