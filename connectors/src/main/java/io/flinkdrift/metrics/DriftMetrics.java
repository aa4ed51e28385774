package io.flinkdrift.metrics;

import org.apache.flink.metrics.MetricGroup;

/**
 * The one naming scheme of flink-drift's operator metrics: every metric lives in the group {@value
 * #GROUP}, then a family group named after what it measures, then its name, under the operator's
 * own metric group. A metric's identifier on a cluster is therefore {@code
 * <host>.taskmanager.<tm>.<job>.<operator>.<subtask>.flinkdrift.<family>.<name>}, and the Prometheus
 * reporter exports it as {@code flink_taskmanager_job_task_operator_flinkdrift_<family>_<name>}.
 *
 * <p>Gauges read values their operator keeps anyway, published by the task thread: they cost the
 * record path no allocation and never touch state. Values are per subtask (a reporter or Prometheus
 * query aggregates subtasks) and start afresh when a task is restored, unless the operator restores
 * the count itself (the parser's counters do).
 */
public final class DriftMetrics {

    /** The group every flink-drift metric is in. */
    public static final String GROUP = "flinkdrift";

    /** Input parsing: records read, accepted and rejected. */
    public static final String INPUT = "input";

    /** Dead letters, one counter per {@code RejectReason}. */
    public static final String DEAD_LETTERS = "deadLetters";

    /** Keyed learners: prequential metrics over a sliding window and the model version. */
    public static final String LEARNER = "learner";

    /** Joins of examples or predictions with delayed labels. */
    public static final String LABELS = "labels";

    /** Density estimation under drift. */
    public static final String DENSITY = "density";

    /** Conformal risk control. */
    public static final String CONFORMAL = "conformal";

    /** Approximate nearest-neighbour search. */
    public static final String ANN = "ann";

    private DriftMetrics() {}

    /**
     * The group of one metric family under an operator's metric group.
     *
     * @param operator the operator's group ({@code getRuntimeContext().getMetricGroup()})
     * @param family one of this class's family names
     */
    public static MetricGroup family(MetricGroup operator, String family) {
        return operator.addGroup(GROUP).addGroup(family);
    }
}
