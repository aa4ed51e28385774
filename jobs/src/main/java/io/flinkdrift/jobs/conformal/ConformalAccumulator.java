package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.jobs.runtime.WindowBuffer;
import io.flinkdrift.operators.conformal.ConformalPrediction;

import static io.flinkdrift.jobs.conformal.ConformalSummaryFunction.COVERED;
import static io.flinkdrift.jobs.conformal.ConformalSummaryFunction.EVALUATED;
import static io.flinkdrift.jobs.conformal.ConformalSummaryFunction.LABELLED;
import static io.flinkdrift.jobs.conformal.ConformalSummaryFunction.LOSS_SUM;
import static io.flinkdrift.jobs.conformal.ConformalSummaryFunction.SIZE_SUM;
import static io.flinkdrift.jobs.conformal.ConformalSummaryFunction.WIDTH;

/**
 * Pre-aggregates conformal answers into the running totals of a {@link ConformalSummary} and their
 * windows of ids: every answer as it is given (counted as a record; size, λ and loss after the key's
 * warm-up), or earlier answers whose label came later (their loss only). Full once it counts {@code
 * maxWindows} windows.
 */
final class ConformalAccumulator implements SummaryAccumulator<ConformalPrediction, ConformalPartial> {

    private static final long serialVersionUID = 1L;

    private final long warmUp;
    private final boolean countsRecords;
    private final int maxWindows;
    private final WindowBuffer windows;

    private ConformalSummary totals = new ConformalSummary();

    /**
     * @param warmUp each key's first {@code warmUp} elements are counted as records only
     * @param countsRecords true for answers as they are given, false for those labelled later
     * @param windowSize answer ids per window, &ge; 1
     * @param maxWindows windows after which the accumulator is full
     */
    ConformalAccumulator(long warmUp, boolean countsRecords, long windowSize, int maxWindows) {
        this.warmUp = warmUp;
        this.countsRecords = countsRecords;
        this.windows = new WindowBuffer(windowSize, WIDTH);
        this.maxWindows = maxWindows;
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
            double[] row = windows.row(answer.id);
            row[EVALUATED]++;
            row[SIZE_SUM] += answer.size;
        }
        if (!Double.isNaN(answer.loss)) {
            boolean covered = answer.loss == 0;
            totals.labelled++;
            totals.lossSum += answer.loss;
            totals.covered += covered ? 1 : 0;
            double[] row = windows.row(answer.id);
            row[LABELLED]++;
            row[LOSS_SUM] += answer.loss;
            row[COVERED] += covered ? 1 : 0;
        }
    }

    @Override
    public boolean isEmpty() {
        return totals.records == 0 && totals.labelled == 0;
    }

    @Override
    public boolean isFull() {
        return windows.windows() >= maxWindows;
    }

    @Override
    public ConformalPartial drain() {
        ConformalPartial partial = new ConformalPartial();
        partial.totals = totals;
        partial.windows = windows.drain();
        totals = new ConformalSummary();
        return partial;
    }
}
