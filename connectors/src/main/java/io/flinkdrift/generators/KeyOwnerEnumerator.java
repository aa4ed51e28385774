package io.flinkdrift.generators;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assigns each generator key to the reader of the subtask that owns it ({@link KeyOwners}), also
 * after a rescale: it waits until every reader has started and reported the restored keys it does not
 * own ({@link ForeignKeys}), then assigns every unassigned key to its owner and tells each reader that
 * no more keys will come. A reader that restarts after a failure reports again and receives the keys
 * it had been assigned since the last checkpoint. The checkpoint holds the unassigned keys.
 *
 * <p>A reader sends its report in {@link OwnedKeysReader#start}, while its task is still being
 * restored, so the report reaches this enumerator before any checkpoint of the restored job is
 * triggered, and a key is in exactly one of the enumerator's and the readers' checkpoints.
 */
final class KeyOwnerEnumerator implements SplitEnumerator<KeySplit, Collection<KeySplit>> {

    private final SplitEnumeratorContext<KeySplit> context;
    private final int[] owners;
    private final List<KeySplit> unassigned;
    private final Set<Integer> reported = new HashSet<>();

    KeyOwnerEnumerator(SplitEnumeratorContext<KeySplit> context, DriftGenerator generator, int maxParallelism,
            Collection<KeySplit> unassigned) {
        this.context = context;
        this.owners = KeyOwners.of(generator, maxParallelism, context.currentParallelism());
        this.unassigned = new ArrayList<>(unassigned);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtask, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<KeySplit> splits, int subtask) {
        unassigned.addAll(splits);
    }

    @Override
    public void addReader(int subtask) {}

    @Override
    public void handleSourceEvent(int subtask, SourceEvent event) {
        KeySplit foreign = ((ForeignKeys) event).keys();
        if (foreign != null) {
            unassigned.add(foreign);
        }
        reported.add(subtask);
        if (reported.size() < context.currentParallelism()) {
            return;
        }
        Set<Integer> readers = context.registeredReaders().keySet();
        Map<Integer, KeySplit.Builder> assigned = new HashMap<>();
        KeySplit.Builder waiting = new KeySplit.Builder();
        for (KeySplit split : unassigned) {
            for (int i = 0; i < split.size(); i++) {
                int owner = owners[split.key(i)];
                (readers.contains(owner) ? assigned.computeIfAbsent(owner, o -> new KeySplit.Builder()) : waiting)
                        .add(split.key(i), split.next(i));
            }
        }
        unassigned.clear();
        if (!waiting.isEmpty()) {
            unassigned.add(waiting.build());
        }
        if (!assigned.isEmpty()) {
            Map<Integer, List<KeySplit>> assignment = new HashMap<>();
            assigned.forEach((owner, keys) -> assignment.put(owner, List.of(keys.build())));
            context.assignSplits(new SplitsAssignment<>(assignment));
        }
        for (int reader : readers) {
            context.signalNoMoreSplits(reader);
        }
    }

    @Override
    public Collection<KeySplit> snapshotState(long checkpointId) {
        return new ArrayList<>(unassigned);
    }

    @Override
    public void close() {}
}
