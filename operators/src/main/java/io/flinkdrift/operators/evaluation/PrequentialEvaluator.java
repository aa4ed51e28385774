package io.flinkdrift.operators.evaluation;

import io.flinkdrift.core.evaluation.AdditiveMetrics;
import io.flinkdrift.core.evaluation.ClassificationMetrics;
import io.flinkdrift.core.evaluation.PrequentialMetrics;
import io.flinkdrift.core.evaluation.PrequentialMetricsCodec;
import io.flinkdrift.core.evaluation.RegressionMetrics;
import io.flinkdrift.core.state.StateCodec;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.Serializable;

/**
 * Prequential (test-then-train) evaluation of labelled predictions, per key: keyed by {@link
 * Prediction#key}, so each model or tenant gets its own metrics; key by a constant for one global
 * evaluation. Use as {@code predictions.keyBy(p -> p.key).process(PrequentialEvaluator.classification(
 * 1000, 0.999, 1000))}, typically after a {@link DelayedLabelJoin}.
 *
 * <p>Each labelled prediction enters three views of the same metrics (cumulative, sliding window of
 * the last W, fading factor &alpha;; see {@link PrequentialMetrics}), kept in keyed state through
 * {@link PrequentialMetricsCodec}, so they survive checkpoints and restores exactly. Unlabelled
 * predictions are counted and skipped; labelled ones that cannot be scored are counted as invalid and
 * skipped (classification: a label that is not an integer in [0, {@value
 * ClassificationMetrics#MAX_CLASS_INDEX}], or a prediction that is neither such an integer nor
 * -1/NaN for "no prediction yet"; regression: a non-finite label or prediction).
 *
 * <p>An {@link EvaluationReport} is emitted every {@code reportEvery} labelled predictions of a key,
 * and a final one (with {@code finalReport = true}) for every key seen when the event time reaches
 * {@code Long.MAX_VALUE}, which is the watermark every bounded source emits at end of input.
 *
 * <p>State per key: the W contribution rows of the window (4 doubles each for classification, 1 for
 * regression) plus O(K) class counts. A heap state backend updates it in place; with RocksDB every
 * labelled prediction (de)serializes all of it, so keep W moderate there.
 *
 * @param <M> the metric family
 */
public final class PrequentialEvaluator<M extends AdditiveMetrics<M>>
        extends KeyedProcessFunction<String, Prediction, EvaluationReport> {

    private static final long serialVersionUID = 1L;

    /** MOA's default sliding window (WindowClassificationPerformanceEvaluator). */
    public static final int DEFAULT_WINDOW_SIZE = 1000;

    /** MOA's default fading factor (FadingFactorClassificationPerformanceEvaluator). */
    public static final double DEFAULT_FADING_FACTOR = 0.999;

    /** What is being predicted. */
    public enum TaskKind {
        CLASSIFICATION,
        REGRESSION
    }

    private final Task<M> task;
    private final int windowSize;
    private final double fadingFactor;
    private final long reportEvery;

    private transient ValueState<PrequentialMetrics<M>> metricsState;
    private transient ValueState<EvaluationProgress> progressState;

    private PrequentialEvaluator(Task<M> task, int windowSize, double fadingFactor, long reportEvery) {
        // Validates windowSize and fadingFactor with the core's messages before the job is built.
        task.newMetrics(windowSize, fadingFactor);
        if (reportEvery < 1) {
            throw new IllegalArgumentException("reportEvery must be >= 1, got " + reportEvery);
        }
        this.task = task;
        this.windowSize = windowSize;
        this.fadingFactor = fadingFactor;
        this.reportEvery = reportEvery;
    }

    /**
     * Evaluates class predictions: {@link Prediction#prediction} is the predicted class index (-1 or
     * NaN for none) and {@link Prediction#probabilities} the class probabilities.
     *
     * @param windowSize W, {@code >= 1}
     * @param fadingFactor &alpha; in (0, 1]
     * @param reportEvery labelled predictions between reports, {@code >= 1}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public static PrequentialEvaluator<ClassificationMetrics> classification(int windowSize,
            double fadingFactor, long reportEvery) {
        return new PrequentialEvaluator<>(new ClassificationTask(), windowSize, fadingFactor, reportEvery);
    }

    /** Evaluates real-valued predictions; parameters as {@link #classification}. */
    public static PrequentialEvaluator<RegressionMetrics> regression(int windowSize, double fadingFactor,
            long reportEvery) {
        return new PrequentialEvaluator<>(new RegressionTask(), windowSize, fadingFactor, reportEvery);
    }

    /** {@link #classification} or {@link #regression}, chosen by {@code kind}. */
    public static PrequentialEvaluator<?> of(TaskKind kind, int windowSize, double fadingFactor,
            long reportEvery) {
        return switch (kind) {
            case CLASSIFICATION -> classification(windowSize, fadingFactor, reportEvery);
            case REGRESSION -> regression(windowSize, fadingFactor, reportEvery);
        };
    }

    @Override
    public void open(OpenContext openContext) {
        metricsState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("prequential-metrics", new CodecSerializer<>(task.codecClass())));
        progressState = getRuntimeContext().getState(new ValueStateDescriptor<>("evaluation-progress",
                TypeInformation.of(EvaluationProgress.class)));
    }

    @Override
    public void processElement(Prediction prediction, Context ctx, Collector<EvaluationReport> out)
            throws Exception {
        EvaluationProgress progress = progressState.value();
        PrequentialMetrics<M> metrics = metricsState.value();
        if (progress == null) {
            progress = new EvaluationProgress();
            metrics = task.newMetrics(windowSize, fadingFactor);
            metricsState.update(metrics);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        double[] contribution = prediction.labelled() ? task.contribution(prediction) : null;
        if (!prediction.labelled()) {
            progress.unlabelled++;
        } else if (contribution == null) {
            progress.invalid++;
        } else {
            metrics.add(contribution);
            metricsState.update(metrics);
            progress.labelled++;
            progress.sinceReport++;
            progress.lastTimestamp = prediction.timestamp;
            progress.lastModelVersion = prediction.modelVersion;
            if (progress.sinceReport == reportEvery) {
                progress.sinceReport = 0;
                out.collect(report(ctx.getCurrentKey(), metrics, progress, false));
            }
        }
        progressState.update(progress);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EvaluationReport> out)
            throws Exception {
        out.collect(report(ctx.getCurrentKey(), metricsState.value(), progressState.value(), true));
    }

    private EvaluationReport report(String key, PrequentialMetrics<M> metrics, EvaluationProgress progress,
            boolean finalReport) {
        EvaluationReport report = new EvaluationReport();
        report.key = key;
        report.timestamp = progress.lastTimestamp;
        report.modelVersion = progress.lastModelVersion;
        report.finalReport = finalReport;
        report.count = progress.labelled;
        report.unlabelled = progress.unlabelled;
        report.invalid = progress.invalid;
        report.windowCount = (long) metrics.window().count();
        report.fadingCount = metrics.fading().count();
        task.fill(metrics, report);
        return report;
    }

    /** What differs between classification and regression: scoring a prediction and reporting. */
    private interface Task<M extends AdditiveMetrics<M>> extends Serializable {

        PrequentialMetrics<M> newMetrics(int windowSize, double fadingFactor);

        Class<? extends StateCodec<PrequentialMetrics<M>>> codecClass();

        /** The contribution row of a labelled prediction, or null if it cannot be scored. */
        double[] contribution(Prediction prediction);

        void fill(PrequentialMetrics<M> metrics, EvaluationReport report);
    }

    private static final class ClassificationTask implements Task<ClassificationMetrics> {

        private static final long serialVersionUID = 1L;

        @Override
        public PrequentialMetrics<ClassificationMetrics> newMetrics(int windowSize, double fadingFactor) {
            return new PrequentialMetrics<>(new ClassificationMetrics(), windowSize, fadingFactor);
        }

        @Override
        public Class<PrequentialMetricsCodec.Classification> codecClass() {
            return PrequentialMetricsCodec.Classification.class;
        }

        @Override
        public double[] contribution(Prediction prediction) {
            double predicted = prediction.prediction;
            boolean noPrediction = Double.isNaN(predicted) || predicted == -1;
            if (!isClassIndex(prediction.label) || !(noPrediction || isClassIndex(predicted))) {
                return null;
            }
            double[] probabilities =
                    prediction.probabilities == null ? new double[0] : prediction.probabilities;
            return ClassificationMetrics.contribution(
                    (int) prediction.label, noPrediction ? -1 : (int) predicted, probabilities);
        }

        private static boolean isClassIndex(double value) {
            return value >= 0 && value <= ClassificationMetrics.MAX_CLASS_INDEX && value == Math.rint(value);
        }

        @Override
        public void fill(PrequentialMetrics<ClassificationMetrics> metrics, EvaluationReport report) {
            ClassificationMetrics cumulative = metrics.cumulative();
            ClassificationMetrics window = metrics.window();
            ClassificationMetrics fading = metrics.fading();
            report.accuracy = cumulative.accuracy();
            report.windowAccuracy = window.accuracy();
            report.fadingAccuracy = fading.accuracy();
            report.kappa = cumulative.kappa();
            report.windowKappa = window.kappa();
            report.fadingKappa = fading.kappa();
            report.logLoss = cumulative.logLoss();
            report.windowLogLoss = window.logLoss();
            report.fadingLogLoss = fading.logLoss();
            report.brier = cumulative.brier();
            report.windowBrier = window.brier();
            report.fadingBrier = fading.brier();
        }
    }

    private static final class RegressionTask implements Task<RegressionMetrics> {

        private static final long serialVersionUID = 1L;

        @Override
        public PrequentialMetrics<RegressionMetrics> newMetrics(int windowSize, double fadingFactor) {
            return new PrequentialMetrics<>(new RegressionMetrics(), windowSize, fadingFactor);
        }

        @Override
        public Class<PrequentialMetricsCodec.Regression> codecClass() {
            return PrequentialMetricsCodec.Regression.class;
        }

        @Override
        public double[] contribution(Prediction prediction) {
            if (!Double.isFinite(prediction.label) || !Double.isFinite(prediction.prediction)) {
                return null;
            }
            return RegressionMetrics.contribution(prediction.label, prediction.prediction);
        }

        @Override
        public void fill(PrequentialMetrics<RegressionMetrics> metrics, EvaluationReport report) {
            report.mae = metrics.cumulative().mae();
            report.windowMae = metrics.window().mae();
            report.fadingMae = metrics.fading().mae();
            report.rmse = metrics.cumulative().rmse();
            report.windowRmse = metrics.window().rmse();
            report.fadingRmse = metrics.fading().rmse();
        }
    }
}
