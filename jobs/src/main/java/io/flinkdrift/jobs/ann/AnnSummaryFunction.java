package io.flinkdrift.jobs.ann;

import io.flinkdrift.jobs.runtime.RunSummaryFunction;
import io.flinkdrift.jobs.runtime.WindowRetention;
import io.flinkdrift.operators.ann.MaintenanceEvent;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
 * (see {@link RunSummaryFunction}). The rows of the latest {@code maxPeriods} periods are kept,
 * older ones folded into the run's totals ({@link AnnSummary#droppedPeriods}), so the state stays
 * bounded on an unbounded stream.
 */
final class AnnSummaryFunction extends RunSummaryFunction<AnnPartial, AnnSummary> {

    private static final long serialVersionUID = 1L;

    static final String ACCUMULATOR = "ann.summary";

    private final int maxPeriods;

    private transient MapState<Long, AnnPeriodSummary> periods;
    /** Per period: [sum of recalls, sum of scanned]. */
    private transient MapState<Long, double[]> sums;
    /** The totals of the dropped periods, {@link Totals} order. */
    private transient ValueState<double[]> dropped;
    private transient WindowRetention retention;

    /** @param maxPeriods report periods whose rows are kept, &ge; 1 */
    AnnSummaryFunction(int maxPeriods) {
        super(ACCUMULATOR);
        if (maxPeriods < 1) {
            throw new IllegalArgumentException("maxPeriods must be >= 1, got " + maxPeriods);
        }
        this.maxPeriods = maxPeriods;
    }

    /** Adds the summary of {@code outcomes} and {@code maintenance} to their job, by periods of {@code periodLength} ms. */
    static void attach(DataStream<QueryOutcome> outcomes, DataStream<MaintenanceEvent> maintenance,
            long periodLength) {
        RunSummaryFunction.merge(RunSummaryFunction.partials(outcomes, AnnAccumulators.outcomes(periodLength),
                        AnnPartial.class, "summary-partials")
                .union(RunSummaryFunction.partials(maintenance, AnnAccumulators.maintenance(periodLength),
                        AnnPartial.class, "maintenance-summary-partials")),
                new AnnSummaryFunction(WindowRetention.MAX_WINDOWS), "summary");
    }

    @Override
    protected void openState() {
        periods = getRuntimeContext().getMapState(new MapStateDescriptor<>("periods", Types.LONG,
                TypeInformation.of(AnnPeriodSummary.class)));
        sums = getRuntimeContext().getMapState(new MapStateDescriptor<>("sums", Types.LONG,
                PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        dropped = getRuntimeContext().getState(new ValueStateDescriptor<>("dropped-totals",
                PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        retention = new WindowRetention(getRuntimeContext(), "period-bounds", maxPeriods, this::fold);
    }

    /** Folds a dropped period into {@link #dropped}. */
    private boolean fold(long period) throws Exception {
        AnnPeriodSummary row = periods.get(period);
        if (row == null) {
            return false;
        }
        double[] s = sums.get(period);
        addToDropped(row, s[0], s[1]);
        periods.remove(period);
        sums.remove(period);
        return true;
    }

    private void addToDropped(AnnPeriodSummary row, double recallSum, double scannedSum) throws Exception {
        double[] totals = dropped.value();
        if (totals == null) {
            totals = new double[Totals.SIZE];
        }
        Totals.add(totals, row, recallSum, scannedSum);
        dropped.update(totals);
    }

    @Override
    protected void merge(AnnPartial partial) throws Exception {
        for (int i = 0; i < partial.rows.length; i++) {
            AnnPeriodSummary added = partial.rows[i];
            if (!retention.admit(added.period)) {
                addToDropped(added, partial.recallSums[i], partial.scannedSums[i]);
                continue;
            }
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
        double[] totals = dropped.value();
        totals = totals == null ? new double[Totals.SIZE] : totals.clone();
        for (Map.Entry<Long, AnnPeriodSummary> entry : periods.entries()) {
            AnnPeriodSummary row = entry.getValue();
            double[] s = sums.get(entry.getKey());
            row.recall = row.sampled == 0 ? Double.NaN : s[0] / row.sampled;
            row.meanScanned = row.queries == 0 ? Double.NaN : s[1] / row.queries;
            Totals.add(totals, row, s[0], s[1]);
            rows.add(row);
        }
        rows.sort((a, b) -> Long.compare(a.period, b.period));
        AnnSummary summary = new AnnSummary();
        summary.queries = (long) totals[Totals.QUERIES];
        summary.sampled = (long) totals[Totals.SAMPLED];
        summary.maintenanceRuns = (long) totals[Totals.MAINTENANCE_RUNS];
        summary.maintenanceMs = totals[Totals.MAINTENANCE_MS];
        summary.recall = summary.sampled == 0 ? Double.NaN : totals[Totals.RECALL_SUM] / summary.sampled;
        summary.meanScanned = summary.queries == 0 ? Double.NaN : totals[Totals.SCANNED_SUM] / summary.queries;
        summary.periods = rows.toArray(new AnnPeriodSummary[0]);
        summary.droppedPeriods = retention.dropped();
        return summary;
    }

    /** The run's totals as an array of doubles (counts stay exact below 2^53). */
    private static final class Totals {
        static final int QUERIES = 0;
        static final int SAMPLED = 1;
        static final int MAINTENANCE_RUNS = 2;
        static final int MAINTENANCE_MS = 3;
        static final int RECALL_SUM = 4;
        static final int SCANNED_SUM = 5;
        static final int SIZE = 6;

        /** Adds a period's row and its sums of recalls and of scanned vectors to {@code totals}. */
        static void add(double[] totals, AnnPeriodSummary row, double recallSum, double scannedSum) {
            totals[QUERIES] += row.queries;
            totals[SAMPLED] += row.sampled;
            totals[MAINTENANCE_RUNS] += row.maintenanceRuns;
            totals[MAINTENANCE_MS] += row.maintenanceMs;
            totals[RECALL_SUM] += recallSum;
            totals[SCANNED_SUM] += scannedSum;
        }
    }
}
