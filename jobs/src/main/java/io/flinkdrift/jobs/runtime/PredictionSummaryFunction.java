package io.flinkdrift.jobs.runtime;

import io.flinkdrift.records.Prediction;

import java.io.Serializable;

/**
 * A {@link RunSummaryFunction} over the predictions of a learning job: every prediction as it is
 * made (counted as a record, and evaluated when it carries its label) and earlier predictions whose
 * label arrived later (evaluated only), so delayed labels are scored against the prediction made
 * before them.
 *
 * @param <P> the partial type
 * @param <S> the summary type
 */
public abstract class PredictionSummaryFunction<P, S extends Serializable> extends RunSummaryFunction<P, S> {

    private static final long serialVersionUID = 1L;

    /** Records (by id) per window of the summary's series. */
    protected final long windowSize;

    /** Windows the series keeps, the oldest dropped first. */
    protected final int maxWindows;

    /**
     * @param windowSize records (by id) per window, &ge; 1
     * @param maxWindows windows retained, &ge; 1
     */
    protected PredictionSummaryFunction(String accumulatorName, long windowSize, int maxWindows) {
        super(accumulatorName);
        if (windowSize < 1 || maxWindows < 1) {
            throw new IllegalArgumentException("windowSize and maxWindows must be >= 1, got "
                    + windowSize + " and " + maxWindows);
        }
        this.windowSize = windowSize;
        this.maxWindows = maxWindows;
    }

    /**
     * An empty pre-aggregation of predictions.
     *
     * @param countsRecords true for predictions as they are made, false for those labelled later
     */
    public abstract SummaryAccumulator<Prediction, P> accumulator(boolean countsRecords);

    /** The class of the partials, a Flink POJO. */
    public abstract Class<P> partialType();
}
