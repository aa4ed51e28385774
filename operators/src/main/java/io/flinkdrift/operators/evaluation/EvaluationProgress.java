package io.flinkdrift.operators.evaluation;

/**
 * The counters a {@link PrequentialEvaluator} keeps per key next to its metrics. A Flink POJO, kept in
 * keyed state.
 */
public class EvaluationProgress {

    /** Labelled predictions evaluated. */
    public long labelled;

    /** Predictions without a label. */
    public long unlabelled;

    /** Labelled predictions rejected as invalid. */
    public long invalid;

    /** Labelled predictions evaluated since the last periodic report. */
    public long sinceReport;

    /** Timestamp of the last evaluated prediction. */
    public long lastTimestamp;

    /** Model version of the last evaluated prediction. */
    public long lastModelVersion;

    public EvaluationProgress() {}
}
