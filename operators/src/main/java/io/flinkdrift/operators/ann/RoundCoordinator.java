package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.ListStatistics;
import io.flinkdrift.core.ann.MaintenanceStep;
import io.flinkdrift.core.ann.QuantizerUpdate;
import io.flinkdrift.core.state.CodecBytes;
import io.flinkdrift.core.state.NestedCodecs;
import io.flinkdrift.operators.ann.RoundEvents.Begin;
import io.flinkdrift.operators.ann.RoundEvents.Finished;
import io.flinkdrift.operators.ann.RoundEvents.Hello;
import io.flinkdrift.operators.ann.RoundEvents.Release;
import io.flinkdrift.operators.ann.RoundEvents.Statistics;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The maintainer of a {@link ShardedAnnPipeline} (JobManager side, Flink's
 * {@link OperatorCoordinator}): it never sees an insert or a query, only, per maintenance boundary B,
 * one {@link Statistics} event from every shard, and answers with one {@link Release}.
 *
 * <ul>
 *   <li>Start: with every shard's {@link Hello} it fixes the first boundary, the first multiple of the
 *       maintenance interval after the earliest record, and broadcasts it ({@link Begin}).
 *   <li>Training: while untrained, once the shards' untrained inserts before B number at least
 *       {@code trainingSize}, it trains the quantizer ({@link IvfPqIndex#train}) on the first
 *       {@code trainingSize} of them in (timestamp, id) order, merged from the shards' samples (each
 *       shard's first {@code trainingSize}, which hold the global first ones), and releases version 0.
 *   <li>Maintenance: once trained, it merges the shards' {@link ListStatistics} in subtask order and
 *       plans the policy's step on their {@link ListStatistics#view} (Lazy; no step for none).
 *   <li>It releases B with the updates and whether any shard has a record at or after B (else B was
 *       the last round); once every shard reports {@link Finished}, {@link KeepAliveSource} ends.
 * </ul>
 *
 * <p>Failover: its state is checkpointed ({@link #checkpointCoordinator}, format 1 below); after a
 * task failure only the failed shard restarts, from its last checkpoint, while this coordinator keeps
 * its state and runs ahead: a round is idempotent per (B, subtask), a statistic for a released B is
 * answered with the stored release. Releases are kept until a checkpoint that no restore can precede
 * completes, and one round longer, since a shard applies the release of B only at B + interval (its
 * checkpoint may hold statistics of B still awaiting it); a request for a pruned one fails the job (a
 * global failover resets everything to one checkpoint).
 */
final class RoundCoordinator implements OperatorCoordinator {

    private final Context context;
    private final String pipeline;
    private final IvfPqConfig config;
    private final int trainingSize;
    private final MaintenanceStep step;
    private final long intervalMs;
    private final int shards;
    private final SubtaskGateway[] gateways;

    private final Map<Integer, Long> hellos = new HashMap<>();
    private long firstBoundary = Long.MIN_VALUE;
    /** The published quantizer, null before training. */
    private QuantizerUpdate quantizer;
    /** Boundary → subtask → statistic, for rounds not yet released. */
    private final TreeMap<Long, TreeMap<Integer, Statistics>> open = new TreeMap<>();
    /** Boundary → [events, numbers] received, for rounds not yet released. */
    private final TreeMap<Long, long[]> received = new TreeMap<>();
    private final TreeMap<Long, Release> released = new TreeMap<>();
    private final TreeSet<Integer> finished = new TreeSet<>();
    /** Checkpoint id → the first boundary not released when it was taken. */
    private final TreeMap<Long, Long> marks = new TreeMap<>();
    /** The mark of the latest completed checkpoint: releases before it are pruned at the next completion. */
    private long completedMark = Long.MIN_VALUE;

    RoundCoordinator(Context context, String pipeline, IvfPqConfig config, int trainingSize, AnnMaintenance policy,
            long intervalMs) {
        this.context = context;
        this.pipeline = pipeline;
        this.config = config;
        this.trainingSize = trainingSize;
        List<MaintenanceStep> steps = policy.policy().steps();
        this.step = steps.isEmpty() ? null : steps.get(0);
        this.intervalMs = intervalMs;
        this.shards = context.currentParallelism();
        this.gateways = new SubtaskGateway[shards];
    }

    @Override
    public void start() {}

    @Override
    public void close() {}

    @Override
    public void handleEventFromOperator(int subtask, int attempt, OperatorEvent event) {
        if (event instanceof Hello hello) {
            hello(hello);
        } else if (event instanceof Statistics statistics) {
            statistics(statistics);
        } else if (event instanceof Finished done) {
            finished.add(done.subtask());
            if (finished.size() == shards) {
                KeepAliveSource.end(pipeline);
            }
        } else {
            throw new IllegalArgumentException("Unknown event " + event);
        }
    }

    private void hello(Hello hello) {
        hellos.put(hello.subtask(), hello.firstTime());
        if (firstBoundary != Long.MIN_VALUE) {
            send(hello.subtask(), new Begin(firstBoundary));
        } else if (hellos.size() == shards) {
            long first = hellos.values().stream().mapToLong(Long::longValue).min().orElseThrow();
            firstBoundary = first == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(first, intervalMs) * intervalMs + intervalMs;
            for (int s = 0; s < shards; s++) {
                send(s, new Begin(firstBoundary));
            }
        }
    }

    private void statistics(Statistics statistics) {
        long boundary = statistics.boundary();
        Release release = released.get(boundary);
        if (release != null) {
            send(statistics.subtask(), release);
            return;
        }
        if (!released.isEmpty() && boundary < released.lastKey()) {
            context.failJob(new IllegalStateException("shard " + statistics.subtask() + " restored to round "
                    + boundary + ", which was released and pruned: restarting from the last checkpoint"));
            return;
        }
        long[] counts = received.computeIfAbsent(boundary, b -> new long[2]);
        counts[0]++;
        counts[1] += statistics.numbers();
        TreeMap<Integer, Statistics> round = open.computeIfAbsent(boundary, b -> new TreeMap<>());
        round.put(statistics.subtask(), statistics);
        if (round.size() == shards) {
            release(boundary, round.values());
        }
    }

    private void release(long boundary, Collection<Statistics> round) {
        long start = System.nanoTime();
        List<QuantizerUpdate> updates = new ArrayList<>();
        boolean more = false;
        long live = 0;
        if (quantizer == null) {
            long untrained = 0;
            for (Statistics s : round) {
                untrained += s.untrained();
                more |= s.more();
            }
            if (untrained >= trainingSize) {
                quantizer = IvfPqIndex.train(config, sample(round), trainingSize).quantizer();
                updates.add(quantizer);
                live = untrained;
            }
        } else {
            ListStatistics merged = null;
            for (Statistics s : round) {
                ListStatistics shard = s.decodeStatistics();
                merged = merged == null ? shard : merged.plus(shard);
                more |= s.more();
            }
            live = merged.liveVectors();
            if (step != null) {
                QuantizerUpdate update = step.plan(merged.view(config, quantizer)).orElse(null);
                if (update != null) {
                    quantizer = update;
                    updates.add(update);
                }
            }
        }
        byte[][] encoded = new byte[updates.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = CodecBytes.encode(new QuantizerUpdate.Codec(), updates.get(i));
        }
        long[] counts = received.remove(boundary);
        Release release = new Release(boundary, encoded, !more, counts[0], counts[1], live, System.nanoTime() - start);
        open.remove(boundary);
        released.put(boundary, release);
        for (int s = 0; s < shards; s++) {
            send(s, release);
        }
    }

    /** The first {@code trainingSize} inserts of the shards' samples in (timestamp, id) order, row-major. */
    private float[] sample(Collection<Statistics> round) {
        int d = config.dimension();
        List<long[]> keys = new ArrayList<>();  // [time, id, subtask, row]
        for (Statistics s : round) {
            for (int row = 0; row < s.sampleIds().length; row++) {
                keys.add(new long[] {s.sampleTimes()[row], s.sampleIds()[row], s.subtask(), row});
            }
        }
        keys.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
        Map<Integer, Statistics> bySubtask = new HashMap<>();
        round.forEach(s -> bySubtask.put(s.subtask(), s));
        float[] vectors = new float[trainingSize * d];
        for (int i = 0; i < trainingSize; i++) {
            long[] key = keys.get(i);
            System.arraycopy(bySubtask.get((int) key[2]).sampleVectors(), (int) key[3] * d, vectors, i * d, d);
        }
        return vectors;
    }

    private void send(int subtask, OperatorEvent event) {
        if (gateways[subtask] != null) {  // else the subtask is restarting and will ask again
            gateways[subtask].sendEvent(event);
        }
    }

    /**
     * Format 1: first boundary; hellos (count, subtask and time); quantizer (present flag, nested
     * {@link QuantizerUpdate.Codec}); open rounds (count; boundary, events, numbers, statistic count,
     * statistics); releases (count, releases); finished subtasks (count, subtasks); the completed mark.
     */
    @Override
    public void checkpointCoordinator(long checkpointId, CompletableFuture<byte[]> result) throws Exception {
        long unreleased = open.isEmpty() ? (released.isEmpty() ? firstBoundary : released.lastKey() + intervalMs)
                : open.firstKey();
        // A shard applies the release of B at B + interval: its checkpoint may still await the one before.
        marks.put(checkpointId, unreleased == Long.MIN_VALUE ? unreleased : unreleased - intervalMs);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(1);
        out.writeLong(firstBoundary);
        out.writeInt(hellos.size());
        for (Map.Entry<Integer, Long> hello : hellos.entrySet()) {
            out.writeInt(hello.getKey());
            out.writeLong(hello.getValue());
        }
        out.writeBoolean(quantizer != null);
        if (quantizer != null) {
            NestedCodecs.write(new QuantizerUpdate.Codec(), quantizer, out);
        }
        out.writeInt(open.size());
        for (Map.Entry<Long, TreeMap<Integer, Statistics>> round : open.entrySet()) {
            out.writeLong(round.getKey());
            long[] counts = received.get(round.getKey());
            out.writeLong(counts[0]);
            out.writeLong(counts[1]);
            out.writeInt(round.getValue().size());
            for (Statistics s : round.getValue().values()) {
                new Statistics.Codec().write(s, out);
            }
        }
        out.writeInt(released.size());
        for (Release release : released.values()) {
            writeRelease(release, out);
        }
        out.writeInt(finished.size());
        for (int subtask : finished) {
            out.writeInt(subtask);
        }
        out.writeLong(completedMark);
        out.flush();
        result.complete(bytes.toByteArray());
    }

    @Override
    public void resetToCheckpoint(long checkpointId, byte[] data) throws Exception {
        hellos.clear();
        open.clear();
        received.clear();
        released.clear();
        finished.clear();
        marks.clear();
        firstBoundary = Long.MIN_VALUE;
        quantizer = null;
        completedMark = Long.MIN_VALUE;
        KeepAliveSource.reset(pipeline);
        if (data == null) {
            return;
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        int version = in.readInt();
        if (version != 1) {
            throw new IOException("ann round coordinator cannot read format version " + version);
        }
        firstBoundary = in.readLong();
        for (int n = in.readInt(); n > 0; n--) {
            hellos.put(in.readInt(), in.readLong());
        }
        if (in.readBoolean()) {
            quantizer = NestedCodecs.read(new QuantizerUpdate.Codec(), in);
        }
        for (int n = in.readInt(); n > 0; n--) {
            long boundary = in.readLong();
            received.put(boundary, new long[] {in.readLong(), in.readLong()});
            TreeMap<Integer, Statistics> round = new TreeMap<>();
            for (int m = in.readInt(); m > 0; m--) {
                Statistics s = new Statistics.Codec().read(in, 1);
                round.put(s.subtask(), s);
            }
            open.put(boundary, round);
        }
        for (int n = in.readInt(); n > 0; n--) {
            Release release = readRelease(in);
            released.put(release.boundary(), release);
        }
        for (int n = in.readInt(); n > 0; n--) {
            finished.add(in.readInt());
        }
        completedMark = in.readLong();
    }

    private static void writeRelease(Release release, DataOutputStream out) throws IOException {
        out.writeLong(release.boundary());
        out.writeInt(release.updates().length);
        for (byte[] update : release.updates()) {
            out.writeInt(update.length);
            out.write(update);
        }
        out.writeBoolean(release.last());
        out.writeLong(release.events());
        out.writeLong(release.numbers());
        out.writeLong(release.liveVectors());
        out.writeLong(release.planNanos());
    }

    private static Release readRelease(DataInputStream in) throws IOException {
        long boundary = in.readLong();
        byte[][] updates = new byte[in.readInt()][];
        for (int i = 0; i < updates.length; i++) {
            updates[i] = in.readNBytes(in.readInt());
        }
        return new Release(boundary, updates, in.readBoolean(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Long mark = marks.get(checkpointId);
        if (mark == null) {
            return;
        }
        released.headMap(completedMark).clear();
        completedMark = mark;
        marks.headMap(checkpointId, true).clear();
    }

    @Override
    public void subtaskReset(int subtask, long checkpointId) {
        finished.remove(subtask);
        KeepAliveSource.reset(pipeline);
    }

    @Override
    public void executionAttemptFailed(int subtask, int attempt, Throwable reason) {
        gateways[subtask] = null;
    }

    @Override
    public void executionAttemptReady(int subtask, int attempt, SubtaskGateway gateway) {
        gateways[subtask] = gateway;
    }

    /** Creates the coordinator of one pipeline in the JobManager (policy: none or lazy, see {@link ShardedAnnPipeline}). */
    record Provider(OperatorID operatorId, String pipeline, IvfPqConfig config, int trainingSize,
            AnnMaintenance policy, long intervalMs) implements OperatorCoordinator.Provider {

        @Override
        public OperatorID getOperatorId() {
            return operatorId;
        }

        @Override
        public OperatorCoordinator create(Context context) {
            return new RoundCoordinator(context, pipeline, config, trainingSize, policy, intervalMs);
        }
    }
}
