package io.flinkdrift.jobs.regress;

import io.flinkdrift.core.evaluation.RegressionMetrics;
import io.flinkdrift.core.evaluation.RegressionMetricsCodec;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.jobs.runtime.PredictionSummaryFunction;
import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The {@link RunSummaryFunction} of regression: mean absolute and root mean squared error, merged
 * from the subtasks' {@link RegressionPartial}s.
 */
public final class RegressionSummaryFunction extends PredictionSummaryFunction<RegressionPartial, RegressionSummary> {

    private static final long serialVersionUID = 1L;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "regression.summary";

    private transient ValueState<Long> records;
    private transient ValueState<RegressionMetrics> metrics;
    private transient ValueState<Long> nonFinite;

    public RegressionSummaryFunction() {
        super(ACCUMULATOR);
    }

    @Override
    public SummaryAccumulator<Prediction, RegressionPartial> accumulator(boolean countsRecords) {
        return new RegressionAccumulator(countsRecords);
    }

    @Override
    public Class<RegressionPartial> partialType() {
        return RegressionPartial.class;
    }

    @Override
    protected void openState() {
        records = getRuntimeContext().getState(new ValueStateDescriptor<>("records", Types.LONG));
        metrics = getRuntimeContext().getState(
                new ValueStateDescriptor<>("metrics", new CodecSerializer<>(RegressionMetricsCodec.class)));
        nonFinite = getRuntimeContext().getState(new ValueStateDescriptor<>("non-finite", Types.LONG));
    }

    @Override
    protected void merge(RegressionPartial partial) throws Exception {
        records.update(orZero(records.value()) + partial.records);
        if (partial.nonFinite > 0) {
            nonFinite.update(orZero(nonFinite.value()) + partial.nonFinite);
        }
        if (partial.metrics.length > 0) {
            RegressionMetrics added = CodecBytes.decode(new RegressionMetricsCodec(), partial.metrics);
            RegressionMetrics m = metrics.value();
            if (m != null) {
                added.merge(m);
            }
            metrics.update(added);
        }
    }

    private static long orZero(Long count) {
        return count == null ? 0 : count;
    }

    @Override
    protected RegressionSummary summarize() throws Exception {
        RegressionSummary summary = new RegressionSummary();
        summary.records = orZero(records.value());
        summary.nonFinitePredictions = orZero(nonFinite.value());
        RegressionMetrics m = metrics.value();
        if (m != null) {
            summary.labelled = (long) m.count();
            summary.mae = m.mae();
            summary.rmse = m.rmse();
        }
        return summary;
    }
}
