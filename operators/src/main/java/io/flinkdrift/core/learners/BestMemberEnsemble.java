package io.flinkdrift.core.learners;

import java.util.List;

/**
 * An ensemble that predicts, for every example, with the one member of highest exponentially
 * weighted prequential accuracy: members that forget at different rates (or learn differently) are
 * each best on a different stretch of a drifting stream, a long memory while a concept is stable
 * (less variance), a short one just after it changed (faster recovery), and the ensemble follows
 * whichever is ahead. This is the prediction-strategy switch of {@link NoChangeSwitch} over N
 * members, in the spirit of the dynamic selection of ensemble members of Kolter and Maloof
 * (dynamic weighted majority, JMLR 2007) with a hard choice instead of a weighted vote (a vote
 * over the same members did worse on SEA, see {@code docs/learners.md}).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Every member learns every example, in order, with the same class index.
 *   <li>Member i's accuracy a<sub>i</sub> starts at 0 and after each labelled example becomes
 *       a<sub>i</sub> &larr; a<sub>i</sub> + &alpha; (1[c<sub>i</sub> = label] &minus;
 *       a<sub>i</sub>), where c<sub>i</sub> is the class of largest probability the member
 *       predicted before learning the example if that class is unique, and none (never correct)
 *       otherwise.
 *   <li>{@link #predictProbabilities} returns the probabilities of the member of largest
 *       a<sub>i</sub> (the first such member among ties; the first member before any label), with
 *       one entry per class seen by the ensemble.
 *   <li>Per example the work is that of the members (each predicts once) plus O(members + classes);
 *       the state is the members' and one accuracy per member.
 * </ul>
 *
 * <p>{@link #learn} refuses non-finite features and a negative class index with {@link
 * IllegalArgumentException} before any member learns; other invalid input (a wrong dimension) is
 * refused by the first member, before any member learns, as long as the members agree on it.
 * {@link #learn} does not recompute the members' predictions when it is given the features of
 * the preceding {@link #predictProbabilities} call (prequential order). Class indices pass to the
 * members unchanged; wrap the ensemble in a {@link NoChangeSwitch} for predictions that do not
 * depend on how classes are numbered. Not thread-safe; persist with a subclass of {@link
 * BestMemberEnsembleCodec}.
 */
public final class BestMemberEnsemble implements OnlineClassifier {

    private final OnlineClassifier[] members;
    private final double rate;
    private final double[] accuracies;
    private int numClasses;
    private long version;

    private final PredictionMemo predicted = new PredictionMemo();
    private final int[] predictedChoices;

    /**
     * An ensemble of {@code members}, none of which may have learned yet.
     *
     * @param rate &alpha; in (0, 1]: the weight of the latest example in each accuracy
     * @throws IllegalArgumentException if there is no member, a member has learned, or {@code rate}
     *     is outside (0, 1]
     */
    public BestMemberEnsemble(List<? extends OnlineClassifier> members, double rate) {
        this(members, rate, new double[members.size()], 0, 0);
        for (OnlineClassifier member : members) {
            if (member.version() != 0) {
                throw new IllegalArgumentException("the members must not have learned yet");
            }
        }
    }

    /**
     * Restores an ensemble from the state {@link BestMemberEnsembleCodec} wrote.
     *
     * @throws IllegalArgumentException for an inconsistent state
     */
    BestMemberEnsemble(List<? extends OnlineClassifier> members, double rate, double[] accuracies, int numClasses,
            long version) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs a member");
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be in (0, 1], got " + rate);
        }
        if (accuracies.length != members.size()) {
            throw new IllegalArgumentException(accuracies.length + " accuracies for " + members.size() + " members");
        }
        if (numClasses < 0 || version < 0) {
            throw new IllegalArgumentException(numClasses + " classes, version " + version);
        }
        this.members = members.toArray(new OnlineClassifier[0]);
        this.rate = rate;
        this.accuracies = accuracies.clone();
        this.numClasses = numClasses;
        this.version = version;
        this.predictedChoices = new int[this.members.length];
    }

    @Override
    public double[] predictProbabilities(double[] features) {
        int selected = selected();
        double[] out = new double[numClasses];
        for (int i = 0; i < members.length; i++) {
            double[] probabilities = members[i].predictProbabilities(features);
            predictedChoices[i] = Learners.uniqueArgmax(probabilities);
            if (i == selected) {
                System.arraycopy(probabilities, 0, out, 0, Math.min(probabilities.length, numClasses));
            }
        }
        predicted.remember(features, version);
        return out;
    }

    @Override
    public void learn(double[] features, int classIndex) {
        Learners.checkClassIndex(classIndex);
        // members differ here (RLS skips such an example, Kalman refuses it): refuse for all
        Learners.checkFinite(features);
        boolean remembered = predicted.matches(features, version);
        for (int i = 0; i < members.length; i++) {
            int choice = remembered ? predictedChoices[i]
                    : Learners.uniqueArgmax(members[i].predictProbabilities(features));
            members[i].learn(features, classIndex);
            accuracies[i] += rate * ((choice == classIndex ? 1 : 0) - accuracies[i]);
        }
        numClasses = Math.max(numClasses, classIndex + 1);
        version++;
    }

    /** The index of the member that predicts now: the first of largest accuracy. */
    public int selected() {
        int best = 0;
        for (int i = 1; i < accuracies.length; i++) {
            if (accuracies[i] > accuracies[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public long version() {
        return version;
    }

    /** &alpha;, the weight of the latest example in each accuracy. */
    public double rate() {
        return rate;
    }

    /** The members, in order. */
    public List<OnlineClassifier> members() {
        return List.of(members);
    }

    /** The exponentially weighted accuracy of each member, in order. */
    public double[] accuracies() {
        return accuracies.clone();
    }
}
