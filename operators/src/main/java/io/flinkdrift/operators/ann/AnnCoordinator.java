package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.MaintenancePolicy;
import io.flinkdrift.core.ann.QuantizerUpdate;
import io.flinkdrift.metrics.DriftMetrics;
import io.flinkdrift.operators.state.CodecSerializer;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;

/**
 * The trainer, maintainer and sequencer of a sharded IVF-PQ index (DeDrift, Baranchuk et al.,
 * ICCV 2023; docs/ann.md). Runs at parallelism 1 and turns the inserts and queries it receives
 * into one ordered command log that is broadcast to every {@link AnnShard}:
 *
 * <ul>
 *   <li>it buffers the first {@code trainingSize} inserts, trains the coarse centroids and PQ on
 *       them and emits the quantizer (version 0) followed by the buffered inserts;
 *   <li>it keeps a full replica of the index, so Lazy sees exact per-list sums and counts and Split
 *       and the rebuild see the raw vectors; every {@code maintenanceEvery} inserts, or when an
 *       insert's timestamp reaches the next multiple of {@code maintenanceIntervalMs}, it plans the
 *       policy's steps on the replica, applies them there and emits each {@link QuantizerUpdate}
 *       (the new centroids and codebooks with the list-move rule) as an UPDATE command, plus a
 *       {@link MaintenanceEvent} on {@link #MAINTENANCE};
 *   <li>with a time-to-live {@code ttlMs} &gt; 0 the database is bounded in event time: before the
 *       first command after training, and whenever cutoff = (largest timestamp seen, inserts and
 *       queries) − ttl has advanced by {@link #expiryStep} since the last expiry, it removes every
 *       vector older than the cutoff from the replica and emits an EXPIRE(cutoff) command, so the
 *       index never holds more than the inserts of the last ttl + step of event time (plus late
 *       inserts until the next expiry);
 *   <li>every query is stamped with the replica's current version.
 * </ul>
 *
 * <p>Accumulators: {@link #EXPIRED} (vectors expired) and, when the input ends, {@link #DATABASE_SIZE}
 * (vectors in the replica). Metrics, in {@code flinkdrift.ann} ({@link DriftMetrics}): counters {@code
 * vectorsExpired} and {@code maintenanceRuns}, gauges {@code maintenanceMillis} (the latest run's
 * duration) and {@code listImbalance} (the index's list-size imbalance factor after its training,
 * latest maintenance or expiry).
 *
 * <p>Because all shards replay the same log in the same order (a single upstream channel is FIFO),
 * a shard applies an update between two commands, never during a query, and every shard answers a
 * query under the version it was stamped with: no query can see a half-updated index or a mix of
 * versions. The price is that inserts pass through one subtask and the replica holds every vector.
 * Queries that arrive before training are stamped −1 and answered empty.
 */
public final class AnnCoordinator extends ProcessFunction<AnnCommand, AnnCommand> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** Side output of the maintenance runs. */
    public static final OutputTag<MaintenanceEvent> MAINTENANCE =
            new OutputTag<>("ann-maintenance", TypeInformation.of(MaintenanceEvent.class));

    /** LongCounter: vectors removed by the time-to-live. */
    public static final String EXPIRED = "ann.expired";
    /** LongCounter: vectors in the database when the input ends. */
    public static final String DATABASE_SIZE = "ann.database-size";

    private final IvfPqConfig config;
    private final int trainingSize;
    private final AnnMaintenance policy;
    private final long maintenanceEvery;
    private final long maintenanceIntervalMs;
    private final long ttlMs;

    private transient IvfPqIndex index;
    private transient List<AnnCommand> trainingBuffer;
    /**
     * [inserts since the last maintenance, event time of the next interval boundary, largest
     * timestamp seen, last expiry cutoff].
     */
    private transient long[] counters;
    private transient LongCounter expired;
    private transient Counter expiredMetric;
    private transient Counter maintenanceRuns;
    private transient volatile double maintenanceMillis;
    private transient volatile double listImbalance;
    private transient ListState<IvfPqIndex> indexState;
    private transient ListState<AnnCommand> bufferState;
    private transient ListState<long[]> counterState;

    /** A coordinator without time-to-live: the database grows with the input. */
    public AnnCoordinator(IvfPqConfig config, int trainingSize, AnnMaintenance policy, long maintenanceEvery,
            long maintenanceIntervalMs) {
        this(config, trainingSize, policy, maintenanceEvery, maintenanceIntervalMs, 0);
    }

    /**
     * @param config the index configuration
     * @param trainingSize inserts buffered for training, at least K
     * @param policy what maintenance runs
     * @param maintenanceEvery inserts between maintenance runs, ≥ 0 (0: no count trigger)
     * @param maintenanceIntervalMs event time between maintenance runs, ≥ 0 (0: no time trigger)
     * @param ttlMs event time a vector stays in the database, ≥ 0 (0: forever)
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public AnnCoordinator(IvfPqConfig config, int trainingSize, AnnMaintenance policy, long maintenanceEvery,
            long maintenanceIntervalMs, long ttlMs) {
        if (trainingSize < config.numLists()) {
            throw new IllegalArgumentException("trainingSize must be at least numLists = " + config.numLists()
                    + ", got " + trainingSize);
        }
        if (maintenanceEvery < 0 || maintenanceIntervalMs < 0) {
            throw new IllegalArgumentException("maintenanceEvery and maintenanceIntervalMs must be >= 0, got "
                    + maintenanceEvery + " and " + maintenanceIntervalMs);
        }
        if (ttlMs < 0) {
            throw new IllegalArgumentException("ttlMs must be >= 0, got " + ttlMs);
        }
        this.config = config;
        this.trainingSize = trainingSize;
        this.policy = policy;
        this.maintenanceEvery = maintenanceEvery;
        this.maintenanceIntervalMs = maintenanceIntervalMs;
        this.ttlMs = ttlMs;
    }

    /**
     * How far event time advances between two expiries: ttl / 8 (at least 1 ms), so expiry scans
     * the index about eight times per ttl and the database exceeds the ttl window by at most 1/8.
     */
    public static long expiryStep(long ttlMs) {
        return Math.max(1, ttlMs / 8);
    }

    IvfPqConfig config() {
        return config;
    }

    @Override
    public void open(OpenContext openContext) {
        expired = getRuntimeContext().getLongCounter(EXPIRED);
        MetricGroup metrics = DriftMetrics.family(getRuntimeContext().getMetricGroup(), DriftMetrics.ANN);
        expiredMetric = metrics.counter("vectorsExpired");
        maintenanceRuns = metrics.counter("maintenanceRuns");
        maintenanceMillis = Double.NaN;
        listImbalance = index == null ? Double.NaN : index.imbalanceFactor();
        metrics.gauge("maintenanceMillis", (Gauge<Double>) () -> maintenanceMillis);
        metrics.gauge("listImbalance", (Gauge<Double>) () -> listImbalance);
    }

    @Override
    public void close() {
        long size = index == null ? trainingBuffer.size() : index.size();
        getRuntimeContext().getLongCounter(DATABASE_SIZE).add(size);
    }

    @Override
    public void processElement(AnnCommand command, Context ctx, Collector<AnnCommand> out) {
        counters[2] = Math.max(counters[2], command.timestamp);
        if (ttlMs > 0 && index != null) {
            expireIfDue(out);
        }
        if (command.type == AnnCommand.Type.QUERY) {
            out.collect(command.stamped(index == null ? -1 : index.version()));
        } else if (command.type == AnnCommand.Type.INSERT) {
            if (index == null) {
                buffer(command, out);
            } else {
                insert(command, ctx, out);
            }
        }
    }

    private void expireIfDue(Collector<AnnCommand> out) {
        if (counters[2] < Long.MIN_VALUE + ttlMs) {
            return;  // no cutoff is representable yet
        }
        long cutoff = counters[2] - ttlMs;
        if (counters[3] != Long.MIN_VALUE && cutoff - counters[3] < expiryStep(ttlMs)) {
            return;
        }
        counters[3] = cutoff;
        int removed = index.expireBefore(cutoff);
        expired.add(removed);
        expiredMetric.inc(removed);
        listImbalance = index.imbalanceFactor();
        out.collect(AnnCommand.expire(cutoff));
    }

    private void buffer(AnnCommand insert, Collector<AnnCommand> out) {
        trainingBuffer.add(insert);
        if (trainingBuffer.size() < trainingSize) {
            return;
        }
        int d = config.dimension();
        float[] vectors = new float[trainingSize * d];
        for (int i = 0; i < trainingSize; i++) {
            System.arraycopy(trainingBuffer.get(i).vector, 0, vectors, i * d, d);
        }
        index = IvfPqIndex.train(config, vectors, trainingSize);
        out.collect(AnnCommand.update(index.quantizer()));
        for (AnnCommand buffered : trainingBuffer) {
            index.add(buffered.id, buffered.vector, buffered.timestamp);
            out.collect(buffered);
        }
        trainingBuffer.clear();
        counters[0] = 0;
        listImbalance = index.imbalanceFactor();
    }

    private void insert(AnnCommand insert, Context ctx, Collector<AnnCommand> out) {
        index.add(insert.id, insert.vector, insert.timestamp);
        out.collect(insert);
        counters[0]++;
        boolean byCount = maintenanceEvery > 0 && counters[0] >= maintenanceEvery;
        boolean byTime = false;
        if (maintenanceIntervalMs > 0 && insert.timestamp >= counters[1]) {
            byTime = counters[1] != Long.MIN_VALUE;
            counters[1] = (Math.floorDiv(insert.timestamp, maintenanceIntervalMs) + 1) * maintenanceIntervalMs;
        }
        if (policy == AnnMaintenance.NONE || !(byCount || byTime) || index.size() < config.numLists()) {
            return;
        }
        counters[0] = 0;
        MaintenanceEvent event = new MaintenanceEvent();
        event.policy = policy;
        event.timestamp = insert.timestamp;
        long start = System.nanoTime();
        List<MaintenancePolicy.Published> published = policy.policy().run(index);
        event.nanos = System.nanoTime() - start;
        maintenanceRuns.inc();
        maintenanceMillis = event.nanos / 1e6;
        listImbalance = index.imbalanceFactor();
        event.version = index.version();
        event.liveVectors = index.size();
        for (MaintenancePolicy.Published step : published) {
            event.reassignedVectors += step.report().reassignedVectors();
            event.reencodedVectors += step.report().reencodedVectors();
            out.collect(AnnCommand.update(step.update()));
        }
        ctx.output(MAINTENANCE, event);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        indexState.update(index == null ? List.of() : List.of(index));
        bufferState.update(trainingBuffer);
        counterState.update(List.of(counters));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        indexState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-replica", new CodecSerializer<>(IvfPqIndex.Codec.class)));
        bufferState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-training-buffer", TypeInformation.of(AnnCommand.class)));
        counterState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-counters", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        trainingBuffer = new ArrayList<>();
        counters = new long[] {0, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        for (IvfPqIndex restored : indexState.get()) {
            index = restored;
        }
        for (AnnCommand buffered : bufferState.get()) {
            trainingBuffer.add(buffered);
        }
        for (long[] restored : counterState.get()) {
            System.arraycopy(restored, 0, counters, 0, restored.length);  // state without ttl has 2 counters
        }
    }
}
