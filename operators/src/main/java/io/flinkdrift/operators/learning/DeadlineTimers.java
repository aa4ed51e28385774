package io.flinkdrift.operators.learning;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.TimerService;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The current key's label deadlines over a run of the key's elements: one event-time timer per
 * distinct deadline, with the number of waiting elements it holds in a map state, the timer deleted
 * with the last of them. Holds taken and released in a run are counted in memory and written by
 * {@link #flush}, which registers and deletes the timers whose deadline gained its first hold or
 * lost its last, in the order the run first touched them; a deadline held and released within one
 * run (an example and its label in one bundle) never reaches the state or the timer service.
 */
final class DeadlineTimers {

    private final MapState<Long, Integer> holds;
    /** Per deadline whose holds changed in this run: the holds in state before it, and now. */
    private final Map<Long, int[]> touched = new LinkedHashMap<>();

    DeadlineTimers(MapState<Long, Integer> holds) {
        this.holds = holds;
    }

    /**
     * Takes a hold on the timer at {@code deadline} for one more waiting element.
     *
     * @param noneStored whether the state holds no deadline of the key (nothing of it waits in state),
     *     so it need not be read
     */
    void hold(long deadline, boolean noneStored) throws Exception {
        change(deadline, holdsOf(deadline, noneStored), 1);
    }

    /** Releases one waiting element's hold on the timer at {@code deadline}. */
    void release(long deadline) throws Exception {
        change(deadline, holdsOf(deadline, false), -1);
    }

    /** Whether no deadline's holds differ from the state's. */
    boolean unchanged() {
        return touched.isEmpty();
    }

    /** Adds {@code delta} holds; a deadline back at its stored holds is forgotten, so memory holds changes only. */
    private void change(long deadline, int[] counts, int delta) {
        counts[1] += delta;
        if (counts[1] == counts[0]) {
            touched.remove(deadline);
        }
    }

    /** Writes the holds this run changed and registers or deletes their timers. Call with the run's key current. */
    void flush(TimerService timers) throws Exception {
        for (Map.Entry<Long, int[]> entry : touched.entrySet()) {
            long deadline = entry.getKey();
            int before = entry.getValue()[0];
            int now = entry.getValue()[1];
            if (now == before) {
                continue;
            }
            if (now == 0) {
                holds.remove(deadline);
                timers.deleteEventTimeTimer(deadline);
            } else {
                holds.put(deadline, now);
                if (before == 0) {
                    timers.registerEventTimeTimer(deadline);
                }
            }
        }
        touched.clear();
    }

    private int[] holdsOf(long deadline, boolean noneStored) throws Exception {
        int[] counts = touched.get(deadline);
        if (counts == null) {
            Integer stored = noneStored ? null : holds.get(deadline);
            int before = stored == null ? 0 : stored;
            counts = new int[] {before, before};
            touched.put(deadline, counts);
        }
        return counts;
    }
}
