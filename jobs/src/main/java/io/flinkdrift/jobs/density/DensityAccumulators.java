package io.flinkdrift.jobs.density;

import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.operators.density.DensityEstimate;
import io.flinkdrift.operators.density.DensityScore;

import java.util.Arrays;

/** The pre-aggregations of a {@code density} run: one of scores, one of estimates. */
final class DensityAccumulators {

    private DensityAccumulators() {}

    /** Counts scores, sums their log-densities and windows, collects drift ids (full at {@link DensitySummaryFunction#MAX_DRIFT_IDS}). */
    static final class Scores implements SummaryAccumulator<DensityScore, DensityPartial> {

        private static final long serialVersionUID = 1L;

        private DensityPartial partial = new DensityPartial();
        private int drifts;

        @Override
        public void add(DensityScore score) {
            long[] c = partial.counts;
            c[DensitySummaryFunction.ELEMENTS]++;
            if (score.added) {
                c[DensitySummaryFunction.ACCEPTED]++;
                c[DensitySummaryFunction.WINDOW_SUM] += score.window;
            }
            if (Double.isFinite(score.logDensity)) {
                c[DensitySummaryFunction.SCORED]++;
                partial.sums[DensitySummaryFunction.LOG_DENSITY_SUM] += score.logDensity;
            }
            if (score.outOfRange) {
                c[DensitySummaryFunction.OUT_OF_RANGE]++;
            }
            if (score.drift) {
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
            return drifts >= DensitySummaryFunction.MAX_DRIFT_IDS;
        }

        @Override
        public DensityPartial drain() {
            DensityPartial drained = partial;
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
