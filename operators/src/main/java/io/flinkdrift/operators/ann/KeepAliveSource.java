package io.flinkdrift.operators.ann;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The second input of the {@link InsertShard}s: emits nothing and ends once the pipeline's
 * {@link RoundCoordinator} has seen every shard apply the last round ({@link #end}). It keeps the
 * shards' task running after their record input has ended, so that a shard never waits for a
 * coordinator event in {@code finish()}: Flink holds coordinator → subtask events between the
 * coordinator's checkpoint and the subtask's, so a task blocked waiting for one can deadlock.
 *
 * <p>The enumerator and the coordinator both run in the JobManager and load this class with the
 * job's user-code class loader, so they meet in {@link #ENDED}, keyed by the pipeline's id. The
 * enumerator polls it every 50 ms. Checkpointed state: none (a restored reader waits again).
 */
record KeepAliveSource(String pipeline) implements Source<Long, KeepAliveSource.NoSplit, Integer> {

    private static final Map<String, Boolean> ENDED = new ConcurrentHashMap<>();

    /** Ends the readers of {@code pipeline}. */
    static void end(String pipeline) {
        ENDED.put(pipeline, true);
    }

    /** Keeps the readers of {@code pipeline} running (a shard restarted). */
    static void reset(String pipeline) {
        ENDED.remove(pipeline);
    }

    record NoSplit() implements SourceSplit {
        @Override
        public String splitId() {
            return "none";
        }
    }

    record EndEvent() implements SourceEvent {}

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<Long, NoSplit> createReader(SourceReaderContext context) {
        return new Reader();
    }

    @Override
    public SplitEnumerator<NoSplit, Integer> createEnumerator(SplitEnumeratorContext<NoSplit> context) {
        return new Enumerator(context, pipeline);
    }

    @Override
    public SplitEnumerator<NoSplit, Integer> restoreEnumerator(SplitEnumeratorContext<NoSplit> context,
            Integer checkpoint) {
        return new Enumerator(context, pipeline);
    }

    @Override
    public SimpleVersionedSerializer<NoSplit> getSplitSerializer() {
        return new Empty<>(new NoSplit());
    }

    @Override
    public SimpleVersionedSerializer<Integer> getEnumeratorCheckpointSerializer() {
        return new Empty<>(0);
    }

    /** Writes nothing and reads {@code value}: the source has no state. */
    private record Empty<T>(T value) implements SimpleVersionedSerializer<T> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(T ignored) {
            return new byte[0];
        }

        @Override
        public T deserialize(int version, byte[] serialized) {
            return value;
        }
    }

    private static final class Enumerator implements SplitEnumerator<NoSplit, Integer> {
        private final SplitEnumeratorContext<NoSplit> context;
        private final String pipeline;
        /**
         * Readers already sent the end: an event to a reader whose task has finished fails the job
         * (TaskNotRunningException), so each reader attempt gets it once.
         */
        private final Set<Integer> ended = ConcurrentHashMap.newKeySet();

        Enumerator(SplitEnumeratorContext<NoSplit> context, String pipeline) {
            this.context = context;
            this.pipeline = pipeline;
        }

        @Override
        public void start() {
            context.callAsync(() -> ENDED.getOrDefault(pipeline, false), (done, error) -> {
                if (Boolean.TRUE.equals(done)) {
                    for (int reader : context.registeredReaders().keySet()) {
                        if (ended.add(reader)) {
                            context.sendEventToSourceReader(reader, new EndEvent());
                        }
                    }
                }
            }, 50, 50);
        }

        @Override
        public void handleSplitRequest(int subtask, String host) {}

        @Override
        public void addSplitsBack(List<NoSplit> splits, int subtask) {}

        @Override
        public void addReader(int subtask) {
            ended.remove(subtask);  // a restarted reader waits for the end again
        }

        @Override
        public Integer snapshotState(long checkpointId) {
            return 0;
        }

        @Override
        public void close() {}
    }

    private static final class Reader implements SourceReader<Long, NoSplit> {
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            return ended.isDone() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public List<NoSplit> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return ended;
        }

        @Override
        public void addSplits(List<NoSplit> splits) {}

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void handleSourceEvents(SourceEvent event) {
            ended.complete(null);
        }

        @Override
        public void close() {}
    }
}
