package io.flinkdrift.core.learners.rls;

import io.flinkdrift.core.learners.OnlineClassifier;

/**
 * Lite-RVFL online classifier (Hu, Liu and He, 2025): exponentially weighted RLS on one-hot
 * targets over random sigmoid enhancement features, probabilities = softmax(h(x)&#7488;&beta;).
 * With {@code enhancementGroups = 0} it is a plain (forgetting) RLS classifier on the inputs.
 *
 * <p>Classes need not be declared: a new class index k adds zero weight columns up to k, which is
 * exactly the RLS solution for a class whose past targets were all 0. Before the first example
 * and while standardisation is pending, the probabilities are uniform over the classes seen.
 * Bad input: a wrong feature count or a negative class index throws {@link
 * IllegalArgumentException}; non-finite features give uniform probabilities and are not learned.
 */
public final class RvflClassifier implements OnlineClassifier {

    private final RandomVectorFunctionalLink network;

    public RvflClassifier(RlsConfig config) {
        this(new RandomVectorFunctionalLink(config, RandomVectorFunctionalLink.TargetEncoding.ONE_HOT));
    }

    RvflClassifier(RandomVectorFunctionalLink network) {
        this.network = network;
    }

    /** The underlying network (configuration and RLS health metrics). */
    public RandomVectorFunctionalLink network() {
        return network;
    }

    @Override
    public double[] predictProbabilities(double[] features) {
        return softmax(network.outputs(features));
    }

    @Override
    public void learn(double[] features, int classIndex) {
        network.learn(features, classIndex);
    }

    @Override
    public int numClasses() {
        return network.outputs();
    }

    @Override
    public long version() {
        return network.version();
    }

    /** Softmax in place, shifted by the maximum so that no exponential overflows. */
    private static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0.0;
        for (int k = 0; k < scores.length; k++) {
            scores[k] = Math.exp(scores[k] - max);
            sum += scores[k];
        }
        for (int k = 0; k < scores.length; k++) {
            scores[k] /= sum;
        }
        return scores;
    }
}
