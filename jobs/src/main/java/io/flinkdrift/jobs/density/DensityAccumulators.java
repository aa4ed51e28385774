package io.flinkdrift.jobs.density;

import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.jobs.runtime.WindowBuffer;
import io.flinkdrift.operators.density.DensityEstimate;
import io.flinkdrift.operators.density.DensityScore;

import java.util.Arrays;

/** The pre-aggregations of a {@code density} run: one of scores, one of estimates. */
final class DensityAccumulators {

    private DensityAccumulators() {}

    /**
     * Counts scores, sums their log-densities and windows, in total and per window of ids, and
     * collects drift ids (full at {@link DensitySummaryFunction#MAX_DRIFT_IDS} drift ids or {@code
     * maxWindows} windows of ids).
     */
    static final class Scores implements SummaryAccumulator<DensityScore, DensityPartial> {

        private static final long serialVersionUID = 1L;

        private final WindowBuffer windows;
        private final int maxWindows;

        private DensityPartial partial = new DensityPartial();
        private int drifts;

        /**
         * @param windowSize record ids per window of the series, &ge; 1
         * @param maxWindows windows after which the accumulator is full
         */
        Scores(long windowSize, int maxWindows) {
            this.windows = new WindowBuffer(windowSize, DensitySummaryFunction.SERIES_WIDTH);
            this.maxWindows = maxWindows;
        }

        @Override
        public void add(DensityScore score) {
            long[] c = partial.counts;
            double[] row = windows.row(score.id);
            windows.concept(score.id, score.concept);
            c[DensitySummaryFunction.ELEMENTS]++;
            if (score.added) {
                c[DensitySummaryFunction.ACCEPTED]++;
                c[DensitySummaryFunction.WINDOW_SUM] += score.window;
                row[DensitySummaryFunction.SERIES_ACCEPTED]++;
                row[DensitySummaryFunction.SERIES_WINDOW_SUM] += score.window;
            }
            if (Double.isFinite(score.logDensity)) {
                c[DensitySummaryFunction.SCORED]++;
                partial.sums[DensitySummaryFunction.LOG_DENSITY_SUM] += score.logDensity;
                row[DensitySummaryFunction.SERIES_SCORED]++;
                row[DensitySummaryFunction.SERIES_LOG_DENSITY_SUM] += score.logDensity;
            }
            if (score.outOfRange) {
                c[DensitySummaryFunction.OUT_OF_RANGE]++;
            }
            if (score.drift) {
                row[DensitySummaryFunction.SERIES_DRIFTS]++;
                c[DensitySummaryFunction.DRIFTS]++;
                if (drifts == partial.driftIds.length) {
                    partial.driftIds = Arrays.copyOf(partial.driftIds, Math.max(8, 2 * drifts));
                }
                partial.driftIds[drifts++] = score.id;
            }
        }

        @Override
        public boolean isEmpty() {
            return partial.counts[DensitySummaryFunction.ELEMENTS] == 0;
        }

        @Override
        public boolean isFull() {
            return drifts >= DensitySummaryFunction.MAX_DRIFT_IDS || windows.windows() >= maxWindows;
        }

        @Override
        public DensityPartial drain() {
            DensityPartial drained = partial;
            drained.windows = windows.drain();
            drained.driftIds = Arrays.copyOf(drained.driftIds, drifts);
            Arrays.sort(drained.driftIds);
            partial = new DensityPartial();
            drifts = 0;
            return drained;
        }
    }

    /** Counts estimates and, with ground truth, sums their total-variation errors. */
    static final class Estimates implements SummaryAccumulator<DensityEstimate, DensityPartial> {

        private static final long serialVersionUID = 1L;

        private final MixtureCellMasses truth;

        private DensityPartial partial = new DensityPartial();

        /** @param truth the true cell masses, or null when the source has no known distribution */
        Estimates(MixtureCellMasses truth) {
            this.truth = truth;
        }

        @Override
        public void add(DensityEstimate estimate) {
            partial.counts[DensitySummaryFunction.ESTIMATES]++;
            if (truth == null) {
                return;
            }
            double[] cells = truth.cellMasses(estimate.id);
            double[] s = partial.sums;
            s[DensitySummaryFunction.TV_SUM] +=
                    MixtureCellMasses.totalVariation(cellProbabilities(estimate), cells);
            s[DensitySummaryFunction.MAX_DEFECT] =
                    Math.max(s[DensitySummaryFunction.MAX_DEFECT], Math.abs(1.0 - Arrays.stream(cells).sum()));
        }

        /** The histogram's probabilities, or the kernel density at the cell centres times the cell volume. */
        private double[] cellProbabilities(DensityEstimate estimate) {
            if (estimate.probabilities.length > 0) {
                return estimate.probabilities;
            }
            double cellVolume = truth.grid().binVolume(0);
            double[] masses = new double[estimate.gridDensity.length];
            for (int cell = 0; cell < masses.length; cell++) {
                masses[cell] = estimate.gridDensity[cell] * cellVolume;
            }
            return masses;
        }

        @Override
        public boolean isEmpty() {
            return partial.counts[DensitySummaryFunction.ESTIMATES] == 0;
        }

        @Override
        public DensityPartial drain() {
            DensityPartial drained = partial;
            partial = new DensityPartial();
            return drained;
        }
    }
}
