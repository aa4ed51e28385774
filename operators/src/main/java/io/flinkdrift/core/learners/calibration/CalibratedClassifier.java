package io.flinkdrift.core.learners.calibration;

import io.flinkdrift.core.learners.OnlineClassifier;

import java.util.Objects;

/**
 * A binary {@link OnlineClassifier} whose class-1 probability is recalibrated online by an {@link
 * OnlinePlattScaler} (Gupta and Ramdas, ICML 2023).
 *
 * <p>Once the base model knows two classes, {@link #predictProbabilities} returns (1 &minus; q, q)
 * with q the scaler's calibration of the base model's class-1 probability; before that the base
 * probabilities are returned unchanged. {@link #learn} first updates the scaler with the base
 * score computed before the base model learns (the score that was predicted for this example in
 * prequential order), then the base model. Class indices other than 0 and 1 throw {@link
 * IllegalArgumentException} and change nothing.
 *
 * @param <C> the base classifier type
 */
public final class CalibratedClassifier<C extends OnlineClassifier> implements OnlineClassifier {

    private final C base;
    private final OnlinePlattScaler scaler;

    public CalibratedClassifier(C base, OnlinePlattScaler scaler) {
        this.base = Objects.requireNonNull(base, "base");
        this.scaler = Objects.requireNonNull(scaler, "scaler");
    }

    public C base() {
        return base;
    }

    public OnlinePlattScaler scaler() {
        return scaler;
    }

    @Override
    public double[] predictProbabilities(double[] features) {
        double[] probabilities = base.predictProbabilities(features);
        if (probabilities.length != 2) {
            return probabilities;
        }
        double calibrated = scaler.calibrate(probabilities[1]);
        return new double[] {1.0 - calibrated, calibrated};
    }

    @Override
    public void learn(double[] features, int classIndex) {
        if (classIndex != 0 && classIndex != 1) {
            throw new IllegalArgumentException("CalibratedClassifier is binary: classIndex must be 0 or 1, got "
                    + classIndex);
        }
        double[] probabilities = base.predictProbabilities(features);
        if (probabilities.length == 2) {
            scaler.update(probabilities[1], classIndex == 1);
        }
        base.learn(features, classIndex);
    }

    @Override
    public int numClasses() {
        return base.numClasses();
    }

    /** 2: the scaler calibrates the probability of class 1 against class 0. */
    @Override
    public int maxClasses() {
        return 2;
    }

    @Override
    public long version() {
        return base.version();
    }
}
