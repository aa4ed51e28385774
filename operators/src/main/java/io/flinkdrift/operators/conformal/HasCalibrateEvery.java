package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.SplitRule;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the calibration split of conformal risk control ({@link SplitRule#calibrateEvery}):
 * which labelled elements of a key calibrate the controller and which may train the model.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasCalibrateEvery<T> extends WithParams<T> {

    Param<Integer> CALIBRATE_EVERY = new IntParam(
            "calibrateEvery",
            "Per key, the labelled elements at indices 0, N, 2N, ... calibrate and the others train the model "
                    + "(2: even indices calibrate, odd train, as in the paper); 1 = all calibrate, for a model that "
                    + "never trains on this stream.",
            2, ParamValidators.gtEq(1));

    default int getCalibrateEvery() {
        return get(CALIBRATE_EVERY);
    }

    default T setCalibrateEvery(int value) {
        return set(CALIBRATE_EVERY, value);
    }
}
