package io.flinkdrift.jobs.ann;

import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.operators.ann.MaintenanceEvent;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merges the query outcomes and maintenance events of an {@code ann} run, pre-aggregated in each
 * subtask by {@link AnnAccumulators}, into one {@link AnnSummary} with a row per report period (by
 * event time), emitted when the input ends, downstream and as the accumulator {@link #ACCUMULATOR}
 * (see {@link RunSummaryFunction}).
 */
final class AnnSummaryFunction extends RunSummaryFunction<AnnPartial, AnnSummary> {

    private static final long serialVersionUID = 1L;

    static final String ACCUMULATOR = "ann.summary";

    private transient MapState<Long, AnnPeriodSummary> periods;
    /** Per period: [sum of recalls, sum of scanned]. */
    private transient MapState<Long, double[]> sums;

    AnnSummaryFunction() {
        super(ACCUMULATOR);
    }

    /** Adds the summary of {@code outcomes} and {@code maintenance} to their job, by periods of {@code periodLength} ms. */
    static void attach(DataStream<QueryOutcome> outcomes, DataStream<MaintenanceEvent> maintenance,
            long periodLength) {
        RunSummaryFunction.merge(RunSummaryFunction.partials(outcomes, AnnAccumulators.outcomes(periodLength),
                        AnnPartial.class, "summary-partials")
                .union(RunSummaryFunction.partials(maintenance, AnnAccumulators.maintenance(periodLength),
                        AnnPartial.class, "maintenance-summary-partials")),
                new AnnSummaryFunction(), "summary");
    }

    @Override
    protected void openState() {
        periods = getRuntimeContext().getMapState(new MapStateDescriptor<>("periods", Types.LONG,
                TypeInformation.of(AnnPeriodSummary.class)));
        sums = getRuntimeContext().getMapState(new MapStateDescriptor<>("sums", Types.LONG,
                PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    protected void merge(AnnPartial partial) throws Exception {
        for (int i = 0; i < partial.rows.length; i++) {
            AnnPeriodSummary added = partial.rows[i];
            AnnPeriodSummary row = periods.get(added.period);
            double[] s = sums.get(added.period);
            if (row == null) {
                row = added;
                s = new double[2];
            } else {
                row.queries += added.queries;
                row.sampled += added.sampled;
                row.version = Math.max(row.version, added.version);
                row.maintenanceRuns += added.maintenanceRuns;
                row.maintenanceMs += added.maintenanceMs;
                row.reassignedVectors += added.reassignedVectors;
                row.reencodedVectors += added.reencodedVectors;
            }
            s[0] += partial.recallSums[i];
            s[1] += partial.scannedSums[i];
            periods.put(added.period, row);
            sums.put(added.period, s);
        }
    }

    @Override
    protected AnnSummary summarize() throws Exception {
        List<AnnPeriodSummary> rows = new ArrayList<>();
        AnnSummary summary = new AnnSummary();
        double recallSum = 0;
        double scannedSum = 0;
        for (Map.Entry<Long, AnnPeriodSummary> entry : periods.entries()) {
            AnnPeriodSummary row = entry.getValue();
            double[] s = sums.get(entry.getKey());
            row.recall = row.sampled == 0 ? Double.NaN : s[0] / row.sampled;
            row.meanScanned = row.queries == 0 ? Double.NaN : s[1] / row.queries;
            summary.queries += row.queries;
            summary.sampled += row.sampled;
            summary.maintenanceRuns += row.maintenanceRuns;
            summary.maintenanceMs += row.maintenanceMs;
            recallSum += s[0];
            scannedSum += s[1];
            rows.add(row);
        }
        rows.sort((a, b) -> Long.compare(a.period, b.period));
        summary.recall = summary.sampled == 0 ? Double.NaN : recallSum / summary.sampled;
        summary.meanScanned = summary.queries == 0 ? Double.NaN : scannedSum / summary.queries;
        summary.periods = rows.toArray(new AnnPeriodSummary[0]);
        return summary;
    }
}
