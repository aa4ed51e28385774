package io.flinkdrift.jobs.regress;

import io.flinkdrift.core.evaluation.RegressionMetrics;
import io.flinkdrift.core.evaluation.RegressionMetricsCodec;
import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/** The {@link RunSummaryFunction} of regression: mean absolute and root mean squared error. */
public final class RegressionSummaryFunction extends RunSummaryFunction<RegressionSummary> {

    private static final long serialVersionUID = 1L;

    /** Name of the accumulator holding the final summary (a list of one element). */
    public static final String ACCUMULATOR = "regression.summary";

    private transient ValueState<RegressionMetrics> metrics;
    private transient ValueState<Long> nonFinite;

    public RegressionSummaryFunction() {
        super(ACCUMULATOR);
    }

    @Override
    protected void openMetrics() {
        metrics = getRuntimeContext().getState(
                new ValueStateDescriptor<>("metrics", new CodecSerializer<>(RegressionMetricsCodec.class)));
        nonFinite = getRuntimeContext().getState(new ValueStateDescriptor<>("non-finite", Types.LONG));
    }

    @Override
    protected void evaluate(Prediction labelled) throws Exception {
        if (!Double.isFinite(labelled.prediction)) {
            Long count = nonFinite.value();
            nonFinite.update(count == null ? 1 : count + 1);
            return;
        }
        RegressionMetrics m = metrics.value();
        if (m == null) {
            m = new RegressionMetrics();
        }
        m.add(labelled.label, labelled.prediction);
        metrics.update(m);
    }

    @Override
    protected RegressionSummary summarize(long records) throws Exception {
        RegressionSummary summary = new RegressionSummary();
        summary.records = records;
        Long count = nonFinite.value();
        summary.nonFinitePredictions = count == null ? 0 : count;
        RegressionMetrics m = metrics.value();
        if (m != null) {
            summary.labelled = (long) m.count();
            summary.mae = m.mae();
            summary.rmse = m.rmse();
        }
        return summary;
    }
}
