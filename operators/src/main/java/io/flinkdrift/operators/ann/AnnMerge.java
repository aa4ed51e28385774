package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.SearchResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Merges the partial top-k of every shard for one query (keyed by query id) into the final result,
 * emitted when all {@code shards} partials have arrived. All partials of a query must carry the same
 * quantizer version ({@link IllegalStateException} otherwise: the invariant the command log guarantees).
 */
public final class AnnMerge extends KeyedProcessFunction<Long, AnnResult, AnnResult> {

    private static final long serialVersionUID = 1L;

    private final int shards;
    private final int k;

    private transient ValueState<AnnResult> merged;
    private transient ValueState<Integer> received;

    /**
     * @param shards partials per query (the shard parallelism), at least 1
     * @param k neighbours per query, at least 1
     * @throws IllegalArgumentException if shards or k &lt; 1
     */
    public AnnMerge(int shards, int k) {
        if (shards < 1 || k < 1) {
            throw new IllegalArgumentException("shards and k must be at least 1, got " + shards + " and " + k);
        }
        this.shards = shards;
        this.k = k;
    }

    @Override
    public void open(OpenContext openContext) {
        merged = getRuntimeContext().getState(
                new ValueStateDescriptor<>("partial", TypeInformation.of(AnnResult.class)));
        received = getRuntimeContext().getState(new ValueStateDescriptor<>("received", Types.INT));
    }

    @Override
    public void processElement(AnnResult partial, Context ctx, Collector<AnnResult> out) throws Exception {
        AnnResult sofar = merged.value();
        int count = received.value() == null ? 1 : received.value() + 1;
        if (sofar != null) {
            if (sofar.version != partial.version) {
                throw new IllegalStateException("Query " + partial.queryId + " answered under versions "
                        + sofar.version + " and " + partial.version);
            }
            SearchResult both = SearchResult.merge(sofar.searchResult(), partial.searchResult(), k);
            partial.ids = both.ids();
            partial.distances = both.distances();
            partial.scanned = both.scanned();
        }
        if (count == shards) {
            out.collect(partial);
            merged.clear();
            received.clear();
        } else {
            merged.update(partial);
            received.update(count);
        }
    }
}
