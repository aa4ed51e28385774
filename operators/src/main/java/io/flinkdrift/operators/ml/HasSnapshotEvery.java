package io.flinkdrift.operators.ml;

import org.apache.flink.ml.param.LongParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/** Interface for the shared snapshotEvery param. */
public interface HasSnapshotEvery<T> extends WithParams<T> {

    Param<Long> SNAPSHOT_EVERY = new LongParam(
            "snapshotEvery",
            "Number of training updates between two model versions emitted as model data.",
            100L, ParamValidators.gtEq(1));

    default long getSnapshotEvery() {
        return get(SNAPSHOT_EVERY);
    }

    default T setSnapshotEvery(long value) {
        return set(SNAPSHOT_EVERY, value);
    }
}
