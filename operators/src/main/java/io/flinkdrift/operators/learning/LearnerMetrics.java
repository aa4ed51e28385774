package io.flinkdrift.operators.learning;

import io.flinkdrift.core.evaluation.ClassificationMetrics;
import io.flinkdrift.core.evaluation.RegressionMetrics;
import io.flinkdrift.core.evaluation.SlidingWindowMetrics;
import io.flinkdrift.metrics.DriftMetrics;
import io.flinkdrift.records.Prediction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The operator metrics of a keyed learner, in {@code flinkdrift.learner} (see {@link DriftMetrics}):
 * prequential (test-then-train) metrics of the last {@link #WINDOW} labelled predictions of this
 * subtask, over all its keys, in the order it learned from them, and the version of the model it
 * updated last.
 *
 * <ul>
 *   <li>classifiers: {@code windowAccuracy}, {@code windowKappa}, {@code windowLogLoss};
 *   <li>regressors: {@code windowMae}, {@code windowRmse} (predictions that are not finite left out);
 *   <li>both: {@code modelVersion}, the updates of the model updated last; {@code labelledPredictions},
 *       a counter of the predictions evaluated.
 * </ul>
 *
 * <p>The window lives on the task's heap, not in Flink state: after a restore it starts empty. The
 * task thread updates it and publishes the figures; the gauges only read them.
 */
final class LearnerMetrics {

    /** Labelled predictions in the window of every {@code window*} gauge. */
    static final int WINDOW = 1000;

    private final SlidingWindowMetrics<ClassificationMetrics> classification;
    private final SlidingWindowMetrics<RegressionMetrics> regression;
    private final Counter labelled;
    private volatile double accuracy = Double.NaN;
    private volatile double kappa = Double.NaN;
    private volatile double logLoss = Double.NaN;
    private volatile double mae = Double.NaN;
    private volatile double rmse = Double.NaN;
    private volatile long modelVersion;

    private LearnerMetrics(MetricGroup operator, boolean classifier) {
        MetricGroup group = DriftMetrics.family(operator, DriftMetrics.LEARNER);
        if (classifier) {
            classification = new SlidingWindowMetrics<>(new ClassificationMetrics(), WINDOW);
            regression = null;
            group.gauge("windowAccuracy", (Gauge<Double>) () -> accuracy);
            group.gauge("windowKappa", (Gauge<Double>) () -> kappa);
            group.gauge("windowLogLoss", (Gauge<Double>) () -> logLoss);
        } else {
            classification = null;
            regression = new SlidingWindowMetrics<>(new RegressionMetrics(), WINDOW);
            group.gauge("windowMae", (Gauge<Double>) () -> mae);
            group.gauge("windowRmse", (Gauge<Double>) () -> rmse);
        }
        group.gauge("modelVersion", (Gauge<Long>) () -> modelVersion);
        labelled = group.counter("labelledPredictions");
    }

    /** Registers the metrics of a classifier ({@code classifier}) or a regressor under {@code operator}. */
    static LearnerMetrics register(MetricGroup operator, boolean classifier) {
        return new LearnerMetrics(operator, classifier);
    }

    /** Adds a prediction whose label is now known to the window. */
    void evaluated(Prediction prediction, double label) {
        labelled.inc();
        if (classification != null) {
            classification.add(ClassificationMetrics.contribution(
                    (int) label, (int) prediction.prediction, prediction.probabilities));
            ClassificationMetrics window = classification.metrics();
            accuracy = window.accuracy();
            kappa = window.kappa();
            logLoss = window.logLoss();
        } else if (Double.isFinite(prediction.prediction)) {
            regression.add(RegressionMetrics.contribution(label, prediction.prediction));
            RegressionMetrics window = regression.metrics();
            mae = window.mae();
            rmse = window.rmse();
        }
    }

    /** Records that a model now has {@code version} updates. */
    void updated(long version) {
        modelVersion = version;
    }
}
