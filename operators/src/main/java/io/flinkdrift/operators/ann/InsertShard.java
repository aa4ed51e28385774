package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.ListStatistics;
import io.flinkdrift.core.ann.QuantizerUpdate;
import io.flinkdrift.core.ann.SearchResult;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.operators.ann.RoundEvents.Begin;
import io.flinkdrift.operators.ann.RoundEvents.Finished;
import io.flinkdrift.operators.ann.RoundEvents.Hello;
import io.flinkdrift.operators.ann.RoundEvents.Release;
import io.flinkdrift.operators.ann.RoundEvents.Statistics;
import io.flinkdrift.operators.state.CodecSerializer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.runtime.operators.coordination.OperatorEventHandler;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.CoordinatedOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperatorFactory;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One shard of a {@link ShardedAnnPipeline}: stores the inserts routed to it ({@link AnnShard#owner})
 * and answers every (broadcast) query with a partial top-k, in event-time order, while a
 * {@link RoundCoordinator} plans maintenance from the shards' per-list statistics.
 *
 * <p>Order: a record waits until the watermark passes its timestamp and is then processed in
 * (timestamp, queries first, id) order, so a query at time t sees exactly the inserts before t.
 * Maintenance boundaries are the multiples B of the interval from the first one after the earliest
 * record (fixed by the coordinator from every shard's {@link Hello}).
 *
 * <p>Once trained, rounds are pipelined by one interval: the update planned on the state at B is
 * applied at B + interval, so a shard does not wait for the coordinator between its statistics and
 * its next record. Once the watermark has passed B − 1 and the shard either holds a record at or after
 * B or its input has ended, it has processed the records before B and, at B:
 *
 * <ol>
 *   <li>applies the coordinator's {@link Release} of B − interval, if it sent statistics there (a
 *       last release ends the shard); only if that release has not arrived yet does it hold its
 *       later records until it does;
 *   <li>expires its indexed vectors before B − ttl (ttl &gt; 0);
 *   <li>sends its {@link Statistics} for B and goes on with the records at or after B.
 * </ol>
 *
 * So the records in [B, B + interval) see the index as of the update planned at B − interval. Before
 * training, a shard needs the quantizer before its next insert: it holds its records at B until the
 * release of B, whose first update, version 0, creates the index from the quantizer and adds the
 * inserts held for training. It never waits inside a callback: the second input ({@link KeepAliveSource}) keeps the task running
 * until every shard has applied the last round. The shard forwards as its watermark the time up to
 * which it has answered every query.
 *
 * <p>Restored with a round in flight it sends its {@link Hello} or the {@link Statistics} it keeps
 * until their release is applied again; the coordinator answers duplicates from its releases. State
 * (operator list state, one element per subtask, not rescalable): the index ({@link IvfPqIndex.Codec}),
 * the records waiting and the inserts held for training (POJO {@link AnnCommand}s), the statistics
 * awaiting their release ({@link Statistics.Codec} bytes) and the round (format 2; the state of the
 * unpipelined rounds, format 1, is refused with an {@link IllegalStateException}).
 * Late records (at or before the watermark) are processed at the next step, so with them the answers
 * depend on arrival times.
 */
final class InsertShard extends AbstractStreamOperator<AnnResult>
        implements TwoInputStreamOperator<AnnCommand, Long, AnnResult>, OperatorEventHandler {

    private static final long serialVersionUID = 1L;

    /** Side output of the rounds, from subtask 0. */
    static final OutputTag<RoundReport> ROUNDS = new OutputTag<>("ann-rounds", TypeInformation.of(RoundReport.class));

    private static final int HELLO = 0;
    private static final int AWAIT_BEGIN = 1;
    private static final int RUNNING = 2;
    private static final int AWAIT_RELEASE = 3;
    private static final int DONE = 4;
    /** The round array's format, its last element: 2 since rounds are pipelined (format 1 had none). */
    private static final long ROUND_FORMAT = 2;

    /** Processing order: timestamp, queries before inserts, id. */
    private static final Comparator<AnnCommand> ORDER = Comparator.<AnnCommand>comparingLong(c -> c.timestamp)
            .thenComparingInt(c -> c.type == AnnCommand.Type.QUERY ? 0 : 1)
            .thenComparingLong(c -> c.id);

    private final transient OperatorEventGateway gateway;
    private final IvfPqConfig config;
    private final int trainingSize;
    private final long intervalMs;
    private final long ttlMs;
    private final int k;
    private final int nprobe;

    private transient IvfPqIndex index;
    private transient PriorityQueue<AnnCommand> waiting;
    private transient List<AnnCommand> untrained;
    /** The statistics sent for the last boundary whose release is not applied yet, or null. */
    private transient Statistics pending;
    /** The release of {@link #pending}'s boundary once it arrived (not checkpointed: asked for again). */
    private transient Release received;
    /**
     * [phase, boundary (next, or the one at which the shard awaits {@link #pending}'s release),
     * watermark, first timestamp sent in the hello, subtask, parallelism, {@link #ROUND_FORMAT}].
     */
    private transient long[] round;
    /** The watermark forwarded last (not checkpointed: forwarding one again after a restore is harmless). */
    private transient long forwarded = Long.MIN_VALUE;
    private transient ListState<IvfPqIndex> indexState;
    private transient ListState<AnnCommand> waitingState;
    private transient ListState<AnnCommand> untrainedState;
    private transient ListState<byte[]> pendingState;
    private transient ListState<long[]> roundState;

    InsertShard(StreamOperatorParameters<AnnResult> parameters, OperatorEventGateway gateway, IvfPqConfig config,
            int trainingSize, long intervalMs, long ttlMs, int k, int nprobe) {
        setProcessingTimeService(parameters.getProcessingTimeService());
        setup(parameters.getContainingTask(), parameters.getStreamConfig(), parameters.getOutput());
        this.gateway = gateway;
        this.config = config;
        this.trainingSize = trainingSize;
        this.intervalMs = intervalMs;
        this.ttlMs = ttlMs;
        this.k = k;
        this.nprobe = nprobe;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        indexState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-insert-shard", new CodecSerializer<>(IvfPqIndex.Codec.class)));
        waitingState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-waiting", TypeInformation.of(AnnCommand.class)));
        untrainedState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-untrained", TypeInformation.of(AnnCommand.class)));
        pendingState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-pending", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        roundState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ann-round", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        index = null;
        indexState.get().forEach(restored -> index = restored);
        waiting = new PriorityQueue<>(ORDER);
        waitingState.get().forEach(waiting::add);
        untrained = new ArrayList<>();
        untrainedState.get().forEach(untrained::add);
        pending = null;
        received = null;
        pendingState.get().forEach(bytes -> pending = CodecBytes.decode(new Statistics.Codec(), bytes));
        int subtask = subtask();
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        round = new long[] {HELLO, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, subtask, parallelism, ROUND_FORMAT};
        for (long[] restored : roundState.get()) {
            if (restored.length != round.length || restored[6] != ROUND_FORMAT) {
                throw new IllegalStateException("ann insert shard state of round format 1 (rounds not pipelined) "
                        + "cannot be restored by this release, which applies each update one interval later: "
                        + "start the job without this savepoint or checkpoint");
            }
            if (restored[4] != subtask || restored[5] != parallelism) {
                throw new IllegalStateException("ann insert shard state of shard " + restored[4] + " of " + restored[5]
                        + " cannot restore into shard " + subtask + " of " + parallelism
                        + ": sharded inserts do not rescale yet, resume at parallelism " + restored[5]);
            }
            round = restored.clone();
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        switch ((int) round[0]) {
            case AWAIT_BEGIN -> gateway.sendEventToCoordinator(new Hello(subtask(), round[3]));
            case DONE -> gateway.sendEventToCoordinator(new Finished(subtask()));
            default -> {
                if (pending != null) {
                    gateway.sendEventToCoordinator(pending);
                }
                advance();
            }
        }
    }

    @Override
    public void processElement1(StreamRecord<AnnCommand> element) {
        waiting.add(element.getValue());
        advance();
    }

    @Override
    public void processElement2(StreamRecord<Long> element) {}

    @Override
    public void processWatermark1(Watermark mark) {
        round[2] = Math.max(round[2], mark.getTimestamp());
        advance();
    }

    @Override
    public void processWatermark2(Watermark mark) {}

    /** Processes what the watermark and the round allow, and starts the next round when it can. */
    private void advance() {
        long watermark = round[2];
        switch ((int) round[0]) {
            case HELLO -> {
                long first = waiting.isEmpty() ? Long.MAX_VALUE : waiting.peek().timestamp;
                if (first <= watermark || watermark == Long.MAX_VALUE) {
                    round[0] = AWAIT_BEGIN;
                    round[3] = first;
                    gateway.sendEventToCoordinator(new Hello(subtask(), first));
                }
            }
            case RUNNING -> {
                while (true) {
                    if (pending != null && pending.boundary() == round[1]) {  // a round before training
                        if (!applyPendingRelease()) {
                            return;
                        }
                        round[1] += intervalMs;
                        continue;
                    }
                    long boundary = round[1];
                    if (watermark < boundary - 1) {
                        processBefore(watermark + 1);
                        return;
                    }
                    processBefore(boundary);
                    boolean more = !waiting.isEmpty();
                    if (!more && watermark != Long.MAX_VALUE) {
                        return;
                    }
                    if (pending != null && !applyPendingRelease()) {
                        return;
                    }
                    expire(boundary);
                    pending = statistics(boundary, more);
                    gateway.sendEventToCoordinator(pending);
                    if (index != null) {  // else it needs the quantizer before any later record
                        round[1] = boundary + intervalMs;
                    }
                }
            }
            case DONE -> processBefore(Long.MAX_VALUE);
            default -> { }
        }
    }

    /**
     * Processes the waiting records before {@code limit} (at most the watermark + 1) and forwards the
     * watermark up to which every query has been answered.
     */
    private void processBefore(long limit) {
        while (!waiting.isEmpty() && waiting.peek().timestamp < limit) {
            AnnCommand command = waiting.poll();
            if (command.type == AnnCommand.Type.QUERY) {
                output.collect(new StreamRecord<>(answer(command), command.timestamp));
            } else if (index == null) {
                untrained.add(command);
            } else {
                index.add(command.id, command.vector, command.timestamp);
            }
        }
        long answered = limit == Long.MAX_VALUE ? round[2] : Math.min(limit - 1, round[2]);
        if (answered > forwarded) {
            forwarded = answered;
            output.emitWatermark(new Watermark(answered));
        }
    }

    private AnnResult answer(AnnCommand query) {
        if (index == null) {
            return AnnResult.of(query.stamped(-1), SearchResult.of(new long[0], new float[0], 0));
        }
        return AnnResult.of(query.stamped(index.version()), index.search(query.vector, k, nprobe));
    }

    /** Expires the index's vectors before B − ttl; inserts held for training stay, so training always happens. */
    private void expire(long boundary) {
        if (ttlMs > 0 && index != null) {
            index.expireBefore(boundary - ttlMs);
        }
    }

    /** The shard's statistics at {@code boundary}, every record before it processed. */
    private Statistics statistics(long boundary, boolean more) {
        Statistics statistics;
        if (index != null) {
            statistics = new Statistics(boundary, subtask(), more,
                    CodecBytes.encode(new ListStatistics.Codec(), ListStatistics.of(index)), 0, new long[0],
                    new long[0], new float[0]);
        } else {
            int n = Math.min(trainingSize, untrained.size());
            int d = config.dimension();
            long[] times = new long[n];
            long[] ids = new long[n];
            float[] vectors = new float[n * d];
            for (int i = 0; i < n; i++) {
                AnnCommand insert = untrained.get(i);
                times[i] = insert.timestamp;
                ids[i] = insert.id;
                System.arraycopy(insert.vector, 0, vectors, i * d, d);
            }
            statistics = new Statistics(boundary, subtask(), more, new byte[0], untrained.size(), times, ids, vectors);
        }
        return statistics;
    }

    @Override
    public void handleOperatorEvent(OperatorEvent event) {
        if (event instanceof Begin begin) {
            if (round[0] != AWAIT_BEGIN) {
                return;  // a duplicate
            }
            if (begin.boundary() == Long.MAX_VALUE) {
                end(begin.boundary());
            } else {
                round[0] = RUNNING;
                round[1] = begin.boundary();
                advance();
            }
        } else if (event instanceof Release release) {
            if (pending == null || release.boundary() != pending.boundary() || received != null) {
                return;  // a duplicate
            }
            received = release;
            if (round[0] == AWAIT_RELEASE) {
                round[0] = RUNNING;
                advance();
            }
        } else {
            throw new IllegalArgumentException("Unknown event " + event);
        }
    }

    /**
     * Applies the release of {@link #pending}'s round if it has arrived. Returns whether the shard goes
     * on: false if it now awaits that release, or if the release was the last and ended the shard.
     */
    private boolean applyPendingRelease() {
        if (received == null) {
            round[0] = AWAIT_RELEASE;
            return false;
        }
        Release release = received;
        pending = null;
        received = null;
        apply(release);
        if (release.last()) {
            end(release.boundary());
            return false;
        }
        return true;
    }

    /** Applies a release's updates, in order, and reports the round (from subtask 0). */
    private void apply(Release release) {
        for (byte[] bytes : release.updates()) {
            QuantizerUpdate update = CodecBytes.decode(new QuantizerUpdate.Codec(), bytes);
            if (index == null) {
                index = IvfPqIndex.empty(config, update);
                untrained.forEach(insert -> index.add(insert.id, insert.vector, insert.timestamp));
                untrained.clear();
            } else {
                index.apply(update);
            }
        }
        if (subtask() == 0) {
            RoundReport report = new RoundReport();
            report.boundary = release.boundary();
            report.version = index == null ? -1 : index.version();
            report.liveVectors = release.liveVectors();
            report.coordinatorEvents = release.events();
            report.coordinatorNumbers = release.numbers();
            report.updates = release.updates().length;
            report.coordinatorNanos = release.planNanos();
            output.collect(ROUNDS, new StreamRecord<>(report, release.boundary()));
        }
    }

    private void end(long boundary) {
        round[0] = DONE;
        round[1] = boundary;
        advance();
        gateway.sendEventToCoordinator(new Finished(subtask()));
    }

    @Override
    public void finish() throws Exception {
        if (round[0] != DONE) {
            throw new IllegalStateException("ann shard " + subtask() + " finished in round state " + round[0]
                    + " at boundary " + round[1]);
        }
        super.finish();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        indexState.update(index == null ? List.of() : List.of(index));
        waitingState.update(new ArrayList<>(waiting));
        untrainedState.update(untrained);
        pendingState.update(pending == null ? List.of() : List.of(CodecBytes.encode(new Statistics.Codec(), pending)));
        roundState.update(List.of(round.clone()));
    }

    private int subtask() {
        return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    /** Creates the shards and, in the JobManager, their {@link RoundCoordinator}. */
    static final class Factory extends AbstractStreamOperatorFactory<AnnResult>
            implements TwoInputStreamOperatorFactory<AnnCommand, Long, AnnResult>, CoordinatedOperatorFactory<AnnResult> {

        private static final long serialVersionUID = 1L;

        private final String pipeline;
        private final IvfPqConfig config;
        private final int trainingSize;
        private final AnnMaintenance policy;
        private final long intervalMs;
        private final long ttlMs;
        private final int k;
        private final int nprobe;

        Factory(String pipeline, IvfPqConfig config, int trainingSize, AnnMaintenance policy, long intervalMs,
                long ttlMs, int k, int nprobe) {
            this.pipeline = pipeline;
            this.config = config;
            this.trainingSize = trainingSize;
            this.policy = policy;
            this.intervalMs = intervalMs;
            this.ttlMs = ttlMs;
            this.k = k;
            this.nprobe = nprobe;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends StreamOperator<AnnResult>> T createStreamOperator(StreamOperatorParameters<AnnResult> parameters) {
            OperatorID id = parameters.getStreamConfig().getOperatorID();
            OperatorEventGateway gateway = parameters.getOperatorEventDispatcher().getOperatorEventGateway(id);
            InsertShard shard = new InsertShard(parameters, gateway, config, trainingSize, intervalMs, ttlMs, k, nprobe);
            parameters.getOperatorEventDispatcher().registerEventHandler(id, shard);
            return (T) shard;
        }

        @Override
        public OperatorCoordinator.Provider getCoordinatorProvider(String operatorName, OperatorID operatorID) {
            return new RoundCoordinator.Provider(operatorID, pipeline, config, trainingSize, policy, intervalMs);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
            return InsertShard.class;
        }
    }
}
