package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.operators.conformal.ConformalPrediction;

/**
 * Pre-aggregates conformal answers into the running totals of a {@link ConformalSummary}: every
 * answer as it is given (counted as a record; size, λ and loss after the key's warm-up), or earlier
 * answers whose label came later (their loss only).
 */
final class ConformalAccumulator implements SummaryAccumulator<ConformalPrediction, ConformalSummary> {

    private static final long serialVersionUID = 1L;

    private final long warmUp;
    private final boolean countsRecords;

    private ConformalSummary totals = new ConformalSummary();

    /**
     * @param warmUp each key's first {@code warmUp} elements are counted as records only
     * @param countsRecords true for answers as they are given, false for those labelled later
     */
    ConformalAccumulator(long warmUp, boolean countsRecords) {
        this.warmUp = warmUp;
        this.countsRecords = countsRecords;
    }

    @Override
    public void add(ConformalPrediction answer) {
        if (countsRecords) {
            totals.records++;
        }
        if (answer.streamIndex < warmUp) {
            return;
        }
        if (countsRecords) {
            totals.evaluated++;
            totals.sizeSum += answer.size;
            totals.lambdaSum += answer.lambda;
            totals.infeasible += answer.infeasible ? 1 : 0;
        }
        if (!Double.isNaN(answer.loss)) {
            totals.labelled++;
            totals.lossSum += answer.loss;
        }
    }

    @Override
    public boolean isEmpty() {
        return totals.records == 0 && totals.labelled == 0;
    }

    @Override
    public ConformalSummary drain() {
        ConformalSummary partial = totals;
        totals = new ConformalSummary();
        return partial;
    }
}
