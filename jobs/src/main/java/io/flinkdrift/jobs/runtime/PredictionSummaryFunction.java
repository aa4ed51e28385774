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

    protected PredictionSummaryFunction(String accumulatorName) {
        super(accumulatorName);
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
