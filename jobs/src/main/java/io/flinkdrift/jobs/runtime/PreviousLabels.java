package io.flinkdrift.jobs.runtime;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The memory of the no-change baseline (Žliobaitė et al., "Evaluation methods and decision theory
 * for classification of streaming data with temporal dependence", Machine Learning 98, 2015): each
 * key's latest label in arrival order, which is that key's no-change prediction for its next record,
 * as the {@code no-change} learner makes it. Exact at any parallelism when it sees the predictions
 * of the subtask that owns their keys, in the order that subtask made them.
 */
public final class PreviousLabels implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, Double> labels = new HashMap<>();

    /** The no-change prediction for {@code key} (NaN for its first label), then remembers {@code label}. */
    public double predictThenLearn(String key, double label) {
        Double previous = labels.put(key, label);
        return previous == null ? Double.NaN : previous;
    }
}
