package io.flinkdrift.jobs.ann;

import io.flinkdrift.jobs.runtime.SummaryAccumulator;
import io.flinkdrift.operators.ann.MaintenanceEvent;

import java.util.Map;
import java.util.TreeMap;

/**
 * The pre-aggregations of an {@code ann} run, by report period of event time: one of query
 * outcomes, one of maintenance events; full at {@link #MAX_PERIODS} periods.
 *
 * @param <T> the element type
 */
abstract class AnnAccumulators<T> implements SummaryAccumulator<T, AnnPartial> {

    private static final long serialVersionUID = 1L;

    /** Periods a partial holds at most. */
    static final int MAX_PERIODS = 1000;

    private final long periodLength;

    /** Per period: the row, then [sum of recalls, sum of scanned]. */
    private TreeMap<Long, AnnPeriodSummary> rows = new TreeMap<>();
    private TreeMap<Long, double[]> sums = new TreeMap<>();

    AnnAccumulators(long periodLength) {
        this.periodLength = periodLength;
    }

    /** Query outcomes: counted, their recall (when sampled) and scanned vectors summed. */
    static AnnAccumulators<QueryOutcome> outcomes(long periodLength) {
        return new AnnAccumulators<>(periodLength) {
            private static final long serialVersionUID = 1L;

            @Override
            public void add(QueryOutcome outcome) {
                AnnPeriodSummary row = row(outcome.timestamp);
                double[] s = sums(row);
                row.queries++;
                s[1] += outcome.scanned;
                row.version = Math.max(row.version, outcome.version);
                if (!Double.isNaN(outcome.recall)) {
                    row.sampled++;
                    s[0] += outcome.recall;
                }
            }
        };
    }

    /** Maintenance events: counted, their time and vectors moved summed. */
    static AnnAccumulators<MaintenanceEvent> maintenance(long periodLength) {
        return new AnnAccumulators<>(periodLength) {
            private static final long serialVersionUID = 1L;

            @Override
            public void add(MaintenanceEvent event) {
                AnnPeriodSummary row = row(event.timestamp);
                row.maintenanceRuns++;
                row.maintenanceMs += event.nanos / 1e6;
                row.reassignedVectors += event.reassignedVectors;
                row.reencodedVectors += event.reencodedVectors;
            }
        };
    }

    /** The row of the period of {@code timestamp}, created with its sums if new. */
    AnnPeriodSummary row(long timestamp) {
        long period = Math.floorDiv(timestamp, periodLength);
        AnnPeriodSummary row = rows.get(period);
        if (row == null) {
            row = new AnnPeriodSummary();
            row.period = period;
            rows.put(period, row);
            sums.put(period, new double[2]);
        }
        return row;
    }

    /** [sum of recalls, sum of scanned] of {@code row}'s period. */
    double[] sums(AnnPeriodSummary row) {
        return sums.get(row.period);
    }

    @Override
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public boolean isFull() {
        return rows.size() >= MAX_PERIODS;
    }

    @Override
    public AnnPartial drain() {
        AnnPartial partial = new AnnPartial();
        partial.rows = rows.values().toArray(new AnnPeriodSummary[0]);
        partial.recallSums = new double[partial.rows.length];
        partial.scannedSums = new double[partial.rows.length];
        int i = 0;
        for (Map.Entry<Long, double[]> period : sums.entrySet()) {
            partial.recallSums[i] = period.getValue()[0];
            partial.scannedSums[i] = period.getValue()[1];
            i++;
        }
        rows = new TreeMap<>();
        sums = new TreeMap<>();
        return partial;
    }
}
