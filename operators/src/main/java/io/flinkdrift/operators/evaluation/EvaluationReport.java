package io.flinkdrift.operators.evaluation;

import java.util.Objects;

/**
 * One snapshot of a {@link PrequentialEvaluator}'s metrics for one key. A Flink POJO.
 *
 * <p>Every metric comes in three views: cumulative since the start (no prefix), over the last W
 * labelled predictions ({@code window*}) and with fading factor &alpha; ({@code fading*}).
 * Classification reports fill accuracy, kappa, log-loss and Brier and leave MAE/RMSE at NaN;
 * regression reports the reverse. A metric over no record is NaN.
 */
public class EvaluationReport {

    /** The evaluated key ({@code Prediction.key}). */
    public String key;

    /** Event timestamp of the last labelled prediction in the metrics (0 before the first one). */
    public long timestamp;

    /** Model version of the last labelled prediction in the metrics. */
    public long modelVersion;

    /** True for the report emitted at end of input (watermark {@code Long.MAX_VALUE}). */
    public boolean finalReport;

    /** Labelled predictions evaluated so far. */
    public long count;

    /** Predictions without a label, skipped. */
    public long unlabelled;

    /** Labelled predictions rejected as invalid (e.g. non-integral class, non-finite value). */
    public long invalid;

    /** Records in the window, min(W, count). */
    public long windowCount;

    /** Sum of fading weights, &Sigma; &alpha;^(n-i). */
    public double fadingCount;

    public double accuracy = Double.NaN;
    public double windowAccuracy = Double.NaN;
    public double fadingAccuracy = Double.NaN;
    public double kappa = Double.NaN;
    public double windowKappa = Double.NaN;
    public double fadingKappa = Double.NaN;
    public double logLoss = Double.NaN;
    public double windowLogLoss = Double.NaN;
    public double fadingLogLoss = Double.NaN;
    public double brier = Double.NaN;
    public double windowBrier = Double.NaN;
    public double fadingBrier = Double.NaN;

    public double mae = Double.NaN;
    public double windowMae = Double.NaN;
    public double fadingMae = Double.NaN;
    public double rmse = Double.NaN;
    public double windowRmse = Double.NaN;
    public double fadingRmse = Double.NaN;

    public EvaluationReport() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EvaluationReport)) {
            return false;
        }
        EvaluationReport that = (EvaluationReport) o;
        return timestamp == that.timestamp
                && modelVersion == that.modelVersion
                && finalReport == that.finalReport
                && count == that.count
                && unlabelled == that.unlabelled
                && invalid == that.invalid
                && windowCount == that.windowCount
                && Double.compare(fadingCount, that.fadingCount) == 0
                && Double.compare(accuracy, that.accuracy) == 0
                && Double.compare(windowAccuracy, that.windowAccuracy) == 0
                && Double.compare(fadingAccuracy, that.fadingAccuracy) == 0
                && Double.compare(kappa, that.kappa) == 0
                && Double.compare(windowKappa, that.windowKappa) == 0
                && Double.compare(fadingKappa, that.fadingKappa) == 0
                && Double.compare(logLoss, that.logLoss) == 0
                && Double.compare(windowLogLoss, that.windowLogLoss) == 0
                && Double.compare(fadingLogLoss, that.fadingLogLoss) == 0
                && Double.compare(brier, that.brier) == 0
                && Double.compare(windowBrier, that.windowBrier) == 0
                && Double.compare(fadingBrier, that.fadingBrier) == 0
                && Double.compare(mae, that.mae) == 0
                && Double.compare(windowMae, that.windowMae) == 0
                && Double.compare(fadingMae, that.fadingMae) == 0
                && Double.compare(rmse, that.rmse) == 0
                && Double.compare(windowRmse, that.windowRmse) == 0
                && Double.compare(fadingRmse, that.fadingRmse) == 0
                && Objects.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, timestamp, modelVersion, finalReport, count, unlabelled, invalid,
                windowCount, fadingCount, accuracy, kappa, logLoss, brier, mae, rmse);
    }

    @Override
    public String toString() {
        return "EvaluationReport{key='" + key + "', timestamp=" + timestamp + ", modelVersion=" + modelVersion
                + ", final=" + finalReport + ", count=" + count + ", unlabelled=" + unlabelled
                + ", invalid=" + invalid
                + ", accuracy=" + accuracy + "/" + windowAccuracy + "/" + fadingAccuracy
                + ", kappa=" + kappa + "/" + windowKappa + "/" + fadingKappa
                + ", logLoss=" + logLoss + "/" + windowLogLoss + "/" + fadingLogLoss
                + ", brier=" + brier + "/" + windowBrier + "/" + fadingBrier
                + ", mae=" + mae + "/" + windowMae + "/" + fadingMae
                + ", rmse=" + rmse + "/" + windowRmse + "/" + fadingRmse + '}';
    }
}
