package io.flinkdrift.jobs.ann;

import io.flinkdrift.operators.ann.MaintenanceEvent;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Folds every query outcome and maintenance event of an {@code ann} run into one {@link AnnSummary}
 * with a row per report period (by event time), emitted when the input ends, downstream and as the
 * accumulator {@link #ACCUMULATOR}. Runs on the single key {@link #KEY}; its state is checkpointed.
 */
final class AnnSummaryFunction extends KeyedCoProcessFunction<Integer, QueryOutcome, MaintenanceEvent, AnnSummary> {

    private static final long serialVersionUID = 1L;

    static final Integer KEY = 0;
    static final String ACCUMULATOR = "ann.summary";

    private final long periodLength;

    private transient MapState<Long, AnnPeriodSummary> periods;
    /** Per period: [sum of recalls, sum of scanned]. */
    private transient MapState<Long, double[]> sums;
    private transient ValueState<Boolean> started;
    private transient ListAccumulator<AnnSummary> finalSummary;

    AnnSummaryFunction(long periodLength) {
        this.periodLength = periodLength;
    }

    @Override
    public void open(OpenContext openContext) {
        periods = getRuntimeContext().getMapState(new MapStateDescriptor<>("periods", Types.LONG,
                TypeInformation.of(AnnPeriodSummary.class)));
        sums = getRuntimeContext().getMapState(new MapStateDescriptor<>("sums", Types.LONG,
                PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        started = getRuntimeContext().getState(new ValueStateDescriptor<>("started", Types.BOOLEAN));
        finalSummary = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(ACCUMULATOR, finalSummary);
    }

    @Override
    public void processElement1(QueryOutcome outcome, Context ctx, Collector<AnnSummary> out) throws Exception {
        long period = start(outcome.timestamp, ctx);
        AnnPeriodSummary row = row(period);
        double[] s = sums(period);
        row.queries++;
        s[1] += outcome.scanned;
        row.version = Math.max(row.version, outcome.version);
        if (!Double.isNaN(outcome.recall)) {
            row.sampled++;
            s[0] += outcome.recall;
        }
        periods.put(period, row);
        sums.put(period, s);
    }

    @Override
    public void processElement2(MaintenanceEvent event, Context ctx, Collector<AnnSummary> out) throws Exception {
        long period = start(event.timestamp, ctx);
        AnnPeriodSummary row = row(period);
        row.maintenanceRuns++;
        row.maintenanceMs += event.nanos / 1e6;
        row.reassignedVectors += event.reassignedVectors;
        row.reencodedVectors += event.reencodedVectors;
        periods.put(period, row);
    }

    private long start(long timestamp, Context ctx) throws Exception {
        if (started.value() == null) {
            started.update(true);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        return Math.floorDiv(timestamp, periodLength);
    }

    private AnnPeriodSummary row(long period) throws Exception {
        AnnPeriodSummary row = periods.get(period);
        if (row == null) {
            row = new AnnPeriodSummary();
            row.period = period;
        }
        return row;
    }

    private double[] sums(long period) throws Exception {
        double[] s = sums.get(period);
        return s == null ? new double[2] : s;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnnSummary> out) throws Exception {
        List<AnnPeriodSummary> rows = new ArrayList<>();
        AnnSummary summary = new AnnSummary();
        double recallSum = 0;
        double scannedSum = 0;
        for (Map.Entry<Long, AnnPeriodSummary> entry : periods.entries()) {
            AnnPeriodSummary row = entry.getValue();
            double[] s = sums(entry.getKey());
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
        finalSummary.add(summary);
        out.collect(summary);
    }
}
