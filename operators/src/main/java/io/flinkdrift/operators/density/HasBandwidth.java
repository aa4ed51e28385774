package io.flinkdrift.operators.density;

import io.flinkdrift.core.density.AdaptiveKernelDensityEstimator;
import org.apache.flink.ml.param.DoubleArrayParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.WithParams;

import java.util.Arrays;

/**
 * Interface for the param of a Gaussian kernel estimator ({@link AdaptiveKernelDensityEstimator}):
 * the bandwidth scale per feature; empty for (hi − lo)/8 of the grid per feature.
 *
 * @param <T> the class of the implementing stage
 */
public interface HasBandwidth<T> extends WithParams<T> {

    Param<Double[]> BANDWIDTH = new DoubleArrayParam(
            "bandwidth",
            "Bandwidth scale per feature (or one for all), each finite and > 0; the bandwidth is "
                    + "S * r^(-1/(d+4)) for window r; none for (gridHi - gridLo) / 8 per feature.",
            new Double[0],
            scale -> scale != null && Arrays.stream(scale).allMatch(s -> s != null && s > 0 && !s.isInfinite()));

    default Double[] getBandwidth() {
        return get(BANDWIDTH);
    }

    default T setBandwidth(Double... value) {
        return set(BANDWIDTH, value);
    }
}
