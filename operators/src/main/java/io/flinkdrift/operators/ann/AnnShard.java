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

import java.util.ArrayList;
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
 * <p>State: the shard index, checkpointed with {@link IvfPqIndex.Codec} as one element of a union
 * list state ({@value #PARTS}), so every subtask of a restored job sees every part and keeps, through
 * {@link IvfPqIndex#merge}, the entries it owns at the new parallelism, in the list and with the code
 * they had: a savepoint restores at any parallelism and answers as the uninterrupted job would. (A
 * restore reads the whole database once per subtask.) State written before this format (split list
 * state {@value #LEGACY_PARTS}, which recorded the layout it was written by) still restores, at the
 * parallelism it was taken with ({@link IllegalStateException} otherwise); its next checkpoint is in
 * the new format, which then rescales.
 */
public final class AnnShard extends ProcessFunction<AnnCommand, AnnResult> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final IvfPqConfig config;
    private final int k;
    private final int nprobe;

    /** Union list state: one index per subtask. */
    static final String PARTS = "ann-shard-parts";
    /** Split list state of the first format: one index per subtask, restorable only at its parallelism. */
    static final String LEGACY_PARTS = "ann-shard";
    /** Split list state of the first format: [subtask, parallelism] the legacy part was written by. */
    static final String LEGACY_LAYOUT = "ann-shard-layout";

    private transient IvfPqIndex index;
    private transient ListState<IvfPqIndex> partsState;
    private transient ListState<IvfPqIndex> legacyPartsState;
    private transient ListState<int[]> legacyLayoutState;

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
                if (owner(command.id, parallelism()) == subtask()) {
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
        partsState.update(index == null ? List.of() : List.of(index));
        legacyPartsState.clear();
        legacyLayoutState.clear();
    }

    private int subtask() {
        return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    private int parallelism() {
        return getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        CodecSerializer<IvfPqIndex> serializer = new CodecSerializer<>(IvfPqIndex.Codec.class);
        partsState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(PARTS, serializer));
        legacyPartsState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>(LEGACY_PARTS, serializer));
        legacyLayoutState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>(LEGACY_LAYOUT, PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
        for (int[] written : legacyLayoutState.get()) {
            if (written[0] != subtask() || written[1] != parallelism()) {
                throw new IllegalStateException("ann shard state of shard " + written[0] + " of " + written[1]
                        + " was written before shards could be rescaled and cannot restore into shard " + subtask()
                        + " of " + parallelism() + ": resume it at parallelism " + written[1]
                        + ", take a new savepoint and rescale that one");
            }
        }
        List<IvfPqIndex> parts = new ArrayList<>();
        partsState.get().forEach(parts::add);
        legacyPartsState.get().forEach(parts::add);
        int subtask = subtask();
        int parallelism = parallelism();
        index = parts.isEmpty() ? null : IvfPqIndex.merge(parts, id -> owner(id, parallelism) == subtask);
    }
}
