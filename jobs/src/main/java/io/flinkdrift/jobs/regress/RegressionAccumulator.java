package io.flinkdrift.jobs.regress;

import io.flinkdrift.core.evaluation.RegressionMetrics;
import io.flinkdrift.core.evaluation.RegressionMetricsCodec;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.records.Prediction;

/** Pre-aggregates predictions into a {@link RegressionPartial}. */
final class RegressionAccumulator implements SummaryAccumulator<Prediction, RegressionPartial> {

    private static final long serialVersionUID = 1L;

    private final boolean countsRecords;

    private long records;
    private long nonFinite;
    private RegressionMetrics metrics;

    RegressionAccumulator(boolean countsRecords) {
        this.countsRecords = countsRecords;
    }

    @Override
    public void add(Prediction prediction) {
        if (countsRecords) {
            records++;
        }
        if (!prediction.labelled()) {
            return;
        }
        if (!Double.isFinite(prediction.prediction)) {
            nonFinite++;
            return;
        }
        if (metrics == null) {
            metrics = new RegressionMetrics();
        }
        metrics.add(prediction.label, prediction.prediction);
    }

    @Override
    public boolean isEmpty() {
        return records == 0 && nonFinite == 0 && metrics == null;
    }

    @Override
    public RegressionPartial drain() {
        RegressionPartial partial = new RegressionPartial();
        partial.records = records;
        partial.nonFinite = nonFinite;
        if (metrics != null) {
            partial.metrics = CodecBytes.encode(new RegressionMetricsCodec(), metrics);
        }
        records = 0;
        nonFinite = 0;
        metrics = null;
        return partial;
    }
}
