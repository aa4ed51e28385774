package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.FlatIndex;
import io.flinkdrift.operators.state.CodecSerializer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * The exact k nearest neighbours of a sample of queries over the current database, for recall
 * measurement: replays the {@link AnnCoordinator}'s command log (parallelism 1) into a brute-force
 * {@link FlatIndex}, inserts and expiries alike, so each sampled query is answered over exactly the
 * vectors the sharded index held when it answered. Sampled are the trained-index queries (version ≥ 0) with
 * {@link #sampled(long, int)}; each costs N·d. The flat index is checkpointed with its codec.
 */
public final class ExactSearch extends ProcessFunction<AnnCommand, AnnResult> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final int dimension;
    private final int k;
    private final int sampleEvery;

    private transient FlatIndex index;
    private transient ListState<FlatIndex> indexState;

    /**
     * @param dimension d, at least 1
     * @param k neighbours per query, at least 1
     * @param sampleEvery about one query in this many is answered, at least 1
     * @throws IllegalArgumentException if an argument is below 1
     */
    public ExactSearch(int dimension, int k, int sampleEvery) {
        if (dimension < 1 || k < 1 || sampleEvery < 1) {
            throw new IllegalArgumentException("dimension, k and sampleEvery must be at least 1, got "
                    + dimension + ", " + k + " and " + sampleEvery);
        }
        this.dimension = dimension;
        this.k = k;
        this.sampleEvery = sampleEvery;
    }

    /** True for the queries whose exact answer is computed: a hash of the id, so about 1 in sampleEvery. */
    public static boolean sampled(long queryId, int sampleEvery) {
        return AnnShard.owner(queryId, sampleEvery) == 0;
    }

    @Override
    public void processElement(AnnCommand command, Context ctx, Collector<AnnResult> out) {
        if (command.type == AnnCommand.Type.INSERT) {
            index.add(command.id, command.vector, command.timestamp);
        } else if (command.type == AnnCommand.Type.EXPIRE) {
            index.expireBefore(command.timestamp);
        } else if (command.type == AnnCommand.Type.QUERY && command.version >= 0
                && sampled(command.id, sampleEvery)) {
            out.collect(AnnResult.of(command, index.search(command.vector, k)));
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        indexState.update(List.of(index));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        indexState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-exact", new CodecSerializer<>(FlatIndex.Codec.class)));
        index = new FlatIndex(dimension);
        for (FlatIndex restored : indexState.get()) {
            index = restored;
        }
    }
}
