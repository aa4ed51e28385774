package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.SearchResult;
import io.flinkdrift.operators.state.CodecSerializer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Arrays;
import java.util.List;

/**
 * One shard of a sharded IVF-PQ index: replays the broadcast command log of {@link AnnCoordinator}
 * on the vectors it owns. Sharding is by id hash with a shared quantizer: subtask s of p owns the ids
 * with {@link #owner(long, int)} = s, and holds, for every inverted list, its owned (id, code, raw
 * vector) entries in an {@link IvfPqIndex}. UPDATE commands apply the coordinator's
 * {@link io.flinkdrift.core.ann.QuantizerUpdate} (the move rule is local to each vector, so a shard
 * ends up with exactly the owned part of the replica's lists), EXPIRE commands remove the owned vectors
 * older than the cutoff; every query is answered with a partial
 * top-k that {@link AnnMerge} combines.
 *
 * <p>State: the shard index, checkpointed with {@link IvfPqIndex.Codec} in operator state. Ownership
 * depends on p, so the state restores only at the parallelism it was taken with
 * ({@link IllegalStateException} otherwise).
 */
public final class AnnShard extends ProcessFunction<AnnCommand, AnnResult> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final IvfPqConfig config;
    private final int k;
    private final int nprobe;

    private transient IvfPqIndex index;
    private transient ListState<IvfPqIndex> indexState;
    /** [subtask, parallelism] the state was written by, to refuse a restore that would change ownership. */
    private transient ListState<int[]> layoutState;

    /**
     * @param config the index configuration (the coordinator's)
     * @param k neighbours per query, at least 1
     * @param nprobe lists scanned per query, at least 1
     * @throws IllegalArgumentException if k or nprobe &lt; 1
     */
    public AnnShard(IvfPqConfig config, int k, int nprobe) {
        if (k < 1 || nprobe < 1) {
            throw new IllegalArgumentException("k and nprobe must be at least 1, got " + k + " and " + nprobe);
        }
        this.config = config;
        this.k = k;
        this.nprobe = nprobe;
    }

    /** The shard in [0, shards) that owns {@code id}: a mixed hash, so consecutive ids spread evenly. */
    public static int owner(long id, int shards) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) Math.floorMod(h ^ (h >>> 32), (long) shards);
    }

    @Override
    public void processElement(AnnCommand command, Context ctx, Collector<AnnResult> out) {
        switch (command.type) {
            case UPDATE -> index = index == null
                    ? IvfPqIndex.empty(config, command.decodeUpdate())
                    : applied(command);
            case INSERT -> {
                int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
                if (owner(command.id, getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks()) == subtask) {
                    index.add(command.id, command.vector, command.timestamp);
                }
            }
            case EXPIRE -> index.expireBefore(command.timestamp);  // only follows the first UPDATE
            case QUERY -> out.collect(answer(command));
            default -> throw new IllegalStateException("Unknown command " + command.type);
        }
    }

    private IvfPqIndex applied(AnnCommand update) {
        index.apply(update.decodeUpdate());
        return index;
    }

    private AnnResult answer(AnnCommand query) {
        if (index == null) {
            return AnnResult.of(query, SearchResult.of(new long[0], new float[0], 0));
        }
        if (query.version != index.version()) {
            throw new IllegalStateException("Query " + query.id + " stamped with version " + query.version
                    + " reached a shard at version " + index.version());
        }
        return AnnResult.of(query, index.search(query.vector, k, nprobe));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        indexState.update(index == null ? List.of() : List.of(index));
        layoutState.update(List.of(layout()));
    }

    private int[] layout() {
        return new int[] {getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks()};
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        indexState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-shard", new CodecSerializer<>(IvfPqIndex.Codec.class)));
        layoutState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-shard-layout", PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
        for (int[] written : layoutState.get()) {
            if (!Arrays.equals(written, layout())) {
                throw new IllegalStateException("ann shards cannot be rescaled: state of shard " + written[0]
                        + " of " + written[1] + " restored into shard " + layout()[0] + " of " + layout()[1]);
            }
        }
        for (IvfPqIndex shard : indexState.get()) {
            index = shard;
        }
    }
}
