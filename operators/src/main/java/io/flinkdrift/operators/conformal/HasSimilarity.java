package io.flinkdrift.operators.conformal;

import io.flinkdrift.core.conformal.Similarity;
import io.flinkdrift.core.conformal.SimilarityWeightedRiskController;
import org.apache.flink.ml.param.DoubleParam;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.WithParams;

/**
 * Interface for the params of similarity weights ({@link SimilarityWeightedRiskController}): the
 * calibration elements kept per key and the bandwidth of the {@link Similarity#gaussian Gaussian
 * kernel} over the model outputs.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasSimilarity<T> extends WithParams<T> {

    Param<Integer> CAPACITY = new IntParam(
            "capacity",
            "Calibration elements kept per key by similarity weights.",
            2500, ParamValidators.gtEq(1));

    Param<Double> BANDWIDTH = new DoubleParam(
            "bandwidth",
            "Bandwidth of the Gaussian kernel of similarity weights.",
            1.0, ParamValidators.gt(0));

    default int getCapacity() {
        return get(CAPACITY);
    }

    default T setCapacity(int value) {
        return set(CAPACITY, value);
    }

    default double getBandwidth() {
        return get(BANDWIDTH);
    }

    default T setBandwidth(double value) {
        return set(BANDWIDTH, value);
    }
}
