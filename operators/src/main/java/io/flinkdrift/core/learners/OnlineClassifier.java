package io.flinkdrift.core.learners;

/**
 * A classifier that learns one labelled example at a time, used in prequential (predict, then
 * learn) order. Classes are indices {@code 0..K-1}; K grows when {@link #learn} sees a new index,
 * so a stream need not declare its classes up front.
 *
 * <p>Implementations are deterministic: the same sequence of calls (from the same initial state)
 * gives bit-identical predictions, also after a round trip of the state through its {@code
 * StateCodec}. They are not thread-safe.
 */
public interface OnlineClassifier extends OnlineLearner {

    /**
     * Class probabilities for {@code features}, one per class seen so far (length {@link
     * #numClasses()}), summing to 1; empty before the first {@link #learn}. Does not change the
     * model.
     */
    double[] predictProbabilities(double[] features);

    /** Updates the model with one labelled example; {@code classIndex >= 0}. */
    void learn(double[] features, int classIndex);

    /** Number of classes seen so far. */
    int numClasses();

    /**
     * The number of classes the model can learn: {@link #learn} accepts class indices {@code 0..
     * maxClasses() - 1} and throws {@link IllegalArgumentException} for others. Unbounded by
     * default; a binary model returns 2. Lets a caller refuse an unsupported label before it
     * reaches the model.
     */
    default int maxClasses() {
        return Integer.MAX_VALUE;
    }

    /** Number of {@link #learn} calls so far: the model version stamped on every prediction. */
    @Override
    long version();

    /** The most probable class (the lowest index among ties, -1 before any class) and the probabilities. */
    @Override
    default Estimate estimate(double[] features) {
        double[] probabilities = predictProbabilities(features);
        return new Estimate(Learners.argmax(probabilities), probabilities);
    }

    /** Refuses a label that is not a class index in {@code [0, maxClasses())}. */
    @Override
    default String refusal(double label) {
        if (label >= 0 && label < maxClasses() && label == Math.rint(label)) {
            return null;
        }
        return "class label " + label + " is not a class index in [0, " + maxClasses() + ")"
                + (maxClasses() == 2 ? ": the model is binary" : "");
    }

    /** {@link #learn} of the class index {@code label}. */
    @Override
    default void learnLabel(double[] features, double label) {
        String refusal = refusal(label);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        learn(features, (int) label);
    }
}
