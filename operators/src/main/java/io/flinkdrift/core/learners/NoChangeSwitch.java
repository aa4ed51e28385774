package io.flinkdrift.core.learners;

import java.util.Arrays;
import java.util.Objects;

/**
 * A classifier that predicts, for every example, with whichever of two predictors has the higher
 * exponentially weighted prequential accuracy so far: a base model or the no-change baseline (the
 * key's previous label). On autocorrelated streams (Elec2, many-class data whose label rarely
 * changes) no-change is hard to beat for long stretches, and on others the model is far ahead; the
 * switch follows the better one, in the spirit of the prediction-strategy switches of MOA's
 * ensembles (Bifet et al., "MOA: Massive Online Analysis", JMLR 2010).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>The accuracies a<sub>m</sub>, a<sub>0</sub> start at 0 and after each labelled example
 *       become a &larr; a + &alpha; (1[predicted = label] &minus; a), both with the predictions
 *       made before that example was learned. A model prediction is its class of largest
 *       probability if that class is unique, and none (never correct) otherwise.
 *   <li>{@link #predictProbabilities} returns the base model's probabilities when a<sub>m</sub>
 *       &gt; a<sub>0</sub> and its prediction is unique, and otherwise those of no-change (one-hot
 *       on the previous label); so the class of largest probability is always unique once a label
 *       was learned.
 *   <li><b>Class numbering does not matter</b>: the base model sees classes numbered in order of
 *       first appearance, whatever their indices outside, so any renumbering of the labels
 *       (including classes declared up front that appear late) gives the same predictions,
 *       renumbered alike. A class not seen yet has probability 0.
 * </ul>
 *
 * <p>{@link #learn} does not recompute the base model's prediction when it is given the features
 * of the preceding {@link #predictProbabilities} call (prequential order); a copy of them is kept
 * to check that. Invalid input throws {@link IllegalArgumentException} and changes nothing. State:
 * the base model and O(classes) numbers. Not thread-safe; persist with a {@link
 * NoChangeSwitchCodec}.
 *
 * @param <C> the base classifier type
 */
public final class NoChangeSwitch<C extends OnlineClassifier> implements OnlineClassifier {

    private final C base;
    private final double rate;
    private int[] internalOf;
    private int[] externalOf;
    private int internalCount;
    private int numClasses;
    private int lastLabel = -1;
    private double modelAccuracy;
    private double noChangeAccuracy;
    private long version;

    private final PredictionMemo predicted = new PredictionMemo();
    private int predictedChoice;

    /**
     * A switch over {@code base}, which must not have learned yet.
     *
     * @param rate &alpha; in (0, 1]: the weight of the latest example in each accuracy
     * @throws IllegalArgumentException if {@code rate} is outside (0, 1] or {@code base} has learned
     */
    public NoChangeSwitch(C base, double rate) {
        this(base, rate, 0, new int[0], -1, 0, 0, 0);
        if (base.version() != 0) {
            throw new IllegalArgumentException("the base model must not have learned yet");
        }
    }

    /**
     * Restores a switch from the state {@link NoChangeSwitchCodec} wrote.
     *
     * @throws IllegalArgumentException for an inconsistent state
     */
    NoChangeSwitch(C base, double rate, int numClasses, int[] externalOf, int lastLabel, double modelAccuracy,
            double noChangeAccuracy, long version) {
        this.base = Objects.requireNonNull(base, "base");
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be in (0, 1], got " + rate);
        }
        if (lastLabel < -1 || lastLabel >= externalOf.length) {
            throw new IllegalArgumentException("previous label " + lastLabel + " of " + externalOf.length + " classes");
        }
        this.rate = rate;
        this.numClasses = numClasses;
        this.internalOf = new int[numClasses];
        Arrays.fill(internalOf, -1);
        for (int i = 0; i < externalOf.length; i++) {
            if (externalOf[i] < 0 || externalOf[i] >= numClasses || internalOf[externalOf[i]] >= 0) {
                throw new IllegalArgumentException("class " + externalOf[i] + " of " + numClasses);
            }
            internalOf[externalOf[i]] = i;
        }
        this.externalOf = externalOf;
        this.internalCount = externalOf.length;
        this.lastLabel = lastLabel;
        this.modelAccuracy = modelAccuracy;
        this.noChangeAccuracy = noChangeAccuracy;
        this.version = version;
    }

    @Override
    public double[] predictProbabilities(double[] features) {
        double[] internal = base.predictProbabilities(features);
        int choice = Learners.uniqueArgmax(internal);
        predicted.remember(features, version);
        predictedChoice = choice;
        double[] out = new double[numClasses];
        if (lastLabel < 0) {
            return out;
        }
        if (choice >= 0 && modelAccuracy > noChangeAccuracy) {
            for (int i = 0; i < internal.length; i++) {
                out[externalOf[i]] = internal[i];
            }
        } else {
            out[externalOf[lastLabel]] = 1.0;
        }
        return out;
    }

    @Override
    public void learn(double[] features, int classIndex) {
        Learners.checkClassIndex(classIndex);
        int choice = predicted.matches(features, version)
                ? predictedChoice
                : Learners.uniqueArgmax(base.predictProbabilities(features));
        boolean newClass = classIndex >= internalOf.length || internalOf[classIndex] < 0;
        int internal = newClass ? internalCount : internalOf[classIndex];
        base.learn(features, internal);
        if (newClass) {
            addClass(classIndex);
        }
        modelAccuracy += rate * ((choice == internal ? 1 : 0) - modelAccuracy);
        noChangeAccuracy += rate * ((lastLabel == internal ? 1 : 0) - noChangeAccuracy);
        lastLabel = internal;
        version++;
    }

    private void addClass(int classIndex) {
        if (classIndex >= internalOf.length) {
            int oldLength = internalOf.length;
            internalOf = Arrays.copyOf(internalOf, classIndex + 1);
            Arrays.fill(internalOf, oldLength, internalOf.length, -1);
        }
        internalOf[classIndex] = internalCount;
        externalOf = Arrays.copyOf(externalOf, internalCount + 1);
        externalOf[internalCount] = classIndex;
        internalCount++;
        numClasses = Math.max(numClasses, classIndex + 1);
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public long version() {
        return version;
    }

    /** The base model, which sees classes numbered by first appearance. */
    public C base() {
        return base;
    }

    /** &alpha;, the weight of the latest example in each accuracy. */
    public double rate() {
        return rate;
    }

    /** The exponentially weighted accuracy of the base model's predictions. */
    public double modelAccuracy() {
        return modelAccuracy;
    }

    /** The exponentially weighted accuracy of the no-change predictions. */
    public double noChangeAccuracy() {
        return noChangeAccuracy;
    }

    /** The class index outside of each class the base model knows, in order of first appearance. */
    int[] externalClasses() {
        return externalOf.clone();
    }

    /** The previous label, numbered as the base model sees it; -1 before the first. */
    int lastLabel() {
        return lastLabel;
    }
}
