package io.flinkdrift.jobs.ann;

import io.flinkdrift.core.ann.SearchResult;
import io.flinkdrift.metrics.DriftMetrics;
import io.flinkdrift.operators.ann.AnnResult;
import io.flinkdrift.operators.ann.ExactSearch;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins, per query id, the sharded index's answer with the exact answer of {@link ExactSearch} and
 * emits the query's {@link QueryOutcome}; queries that are not sampled pass through at once.
 * Metrics, in {@code flinkdrift.ann} ({@link DriftMetrics}): counter {@code sampledQueries} and gauge
 * {@code recall}, the mean k-recall@k of this subtask's sampled queries since the task started (an
 * estimate of the index's recall from the exact answers of a sample of the queries).
 */
final class RecallJoin extends KeyedCoProcessFunction<Long, AnnResult, AnnResult, QueryOutcome> {

    private static final long serialVersionUID = 1L;

    private final int sampleEvery;

    private transient ValueState<AnnResult> approximate;
    private transient ValueState<AnnResult> exact;
    private transient Counter sampledQueries;
    private transient volatile double recallSum;

    RecallJoin(int sampleEvery) {
        this.sampleEvery = sampleEvery;
    }

    @Override
    public void open(OpenContext openContext) {
        approximate = getRuntimeContext().getState(
                new ValueStateDescriptor<>("approximate", TypeInformation.of(AnnResult.class)));
        exact = getRuntimeContext().getState(new ValueStateDescriptor<>("exact", TypeInformation.of(AnnResult.class)));
        MetricGroup metrics = DriftMetrics.family(getRuntimeContext().getMetricGroup(), DriftMetrics.ANN);
        sampledQueries = metrics.counter("sampledQueries");
        metrics.gauge("recall", (Gauge<Double>) () -> recallSum / sampledQueries.getCount());
    }

    @Override
    public void processElement1(AnnResult result, Context ctx, Collector<QueryOutcome> out) throws Exception {
        if (result.version < 0 || !ExactSearch.sampled(result.queryId, sampleEvery)) {
            out.collect(outcome(result, Double.NaN));
        } else if (exact.value() != null) {
            out.collect(outcome(result, recall(result, exact.value())));
            exact.clear();
        } else {
            approximate.update(result);
        }
    }

    @Override
    public void processElement2(AnnResult truth, Context ctx, Collector<QueryOutcome> out) throws Exception {
        AnnResult result = approximate.value();
        if (result == null) {
            exact.update(truth);
        } else {
            out.collect(outcome(result, recall(result, truth)));
            approximate.clear();
        }
    }

    private double recall(AnnResult result, AnnResult truth) {
        double recall = SearchResult.of(result.ids, result.distances, result.scanned)
                .recallAgainst(SearchResult.of(truth.ids, truth.distances, truth.scanned));
        recallSum += recall;
        sampledQueries.inc();
        return recall;
    }

    static QueryOutcome outcome(AnnResult result, double recall) {
        QueryOutcome outcome = new QueryOutcome();
        outcome.queryId = result.queryId;
        outcome.timestamp = result.timestamp;
        outcome.version = result.version;
        outcome.scanned = result.scanned;
        outcome.recall = recall;
        return outcome;
    }
}
