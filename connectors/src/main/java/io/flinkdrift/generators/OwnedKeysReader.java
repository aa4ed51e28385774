package io.flinkdrift.generators;

import io.flinkdrift.records.Example;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the records of the generator keys its subtask owns ({@link KeyOwners}), in increasing index
 * order across them, so event time never goes backwards within a reader and each key's records arrive
 * in index order. Keys it restores but does not own are reported to the enumerator when it starts
 * ({@link ForeignKeys}) and never emitted here. Each record costs O(log m) for m keys held.
 */
final class OwnedKeysReader implements SourceReader<Example, KeySplit> {

    private final SourceReaderContext context;
    private final DriftGenerator generator;
    private final long count;
    private final int[] owners;
    private final int subtask;
    private final PriorityQueue<Cursor> cursors = new PriorityQueue<>(Comparator.comparingLong(cursor -> cursor.next));
    private final List<Cursor> foreign = new ArrayList<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean started;
    private boolean noMoreSplits;

    OwnedKeysReader(SourceReaderContext context, DriftGenerator generator, long count, int maxParallelism) {
        this.context = context;
        this.generator = generator;
        this.count = count;
        this.owners = KeyOwners.of(generator, maxParallelism, context.currentParallelism());
        this.subtask = context.getIndexOfSubtask();
    }

    @Override
    public void start() {
        started = true;
        context.sendSourceEventToCoordinator(new ForeignKeys(foreign.isEmpty() ? null : toSplit(foreign)));
        foreign.clear();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Example> output) {
        Cursor cursor = cursors.poll();
        if (cursor == null) {
            return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }
        output.collect(generator.generate(cursor.next));
        if (count - cursor.next > generator.keys()) {
            cursor.next += generator.keys();
            cursors.add(cursor);
        }
        return cursors.isEmpty() && noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
    }

    @Override
    public List<KeySplit> snapshotState(long checkpointId) {
        return cursors.isEmpty() ? List.of() : List.of(toSplit(cursors));
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return cursors.isEmpty() && !noMoreSplits ? available : CompletableFuture.completedFuture(null);
    }

    /**
     * Takes the keys of {@code splits} this subtask owns; before {@link #start} (restored state) it
     * keeps the others to report them.
     *
     * @throws IllegalStateException if the enumerator assigns a key this subtask does not own
     */
    @Override
    public void addSplits(List<KeySplit> splits) {
        for (KeySplit split : splits) {
            for (int i = 0; i < split.size(); i++) {
                Cursor cursor = new Cursor(split.key(i), split.next(i));
                if (owners[cursor.key] == subtask) {
                    if (cursor.next < count) {
                        cursors.add(cursor);
                    }
                } else if (!started) {
                    foreign.add(cursor);
                } else {
                    throw new IllegalStateException("key " + cursor.key + " was assigned to subtask " + subtask
                            + ", but subtask " + owners[cursor.key] + " owns it");
                }
            }
        }
        wakeUp();
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        wakeUp();
    }

    @Override
    public void close() {}

    private void wakeUp() {
        available.complete(null);
        available = new CompletableFuture<>();
    }

    private static KeySplit toSplit(Iterable<Cursor> cursors) {
        KeySplit.Builder split = new KeySplit.Builder();
        cursors.forEach(cursor -> split.add(cursor.key, cursor.next));
        return split.build();
    }

    /** One key's next index. */
    private static final class Cursor {

        final int key;
        long next;

        Cursor(int key, long next) {
            this.key = key;
            this.next = next;
        }
    }
}
