package io.flinkdrift.jobs.runtime;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The per-window series of a {@link RunSummaryFunction}, in its keyed state: the sums of every
 * window of record ids, added up from the subtasks' {@link WindowPartial}s, and the concept runs
 * seen in each window. At most {@code maxWindows} consecutive windows are kept, the oldest dropped
 * first, so the state stays bounded on an unbounded stream; while none is dropped the series does not
 * depend on how records were spread over subtasks or when partials were flushed.
 */
public final class WindowSeries {

    /** The series as read at the end of a run. */
    public record Windows(long[] indices, double[][] rows, long[] conceptChanges, long dropped) {}

    private final int width;
    private final MapState<Long, double[]> totals;
    private final MapState<Long, long[]> concepts;
    private final WindowRetention retention;

    private WindowSeries(int width, int maxWindows, RuntimeContext context) {
        this.width = width;
        totals = context.getMapState(new MapStateDescriptor<>(
                "window-totals", Types.LONG, PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        concepts = context.getMapState(new MapStateDescriptor<>(
                "window-concepts", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        retention = new WindowRetention(context, "window-bounds", maxWindows, this::evict);
    }

    /**
     * Registers the series' state in {@code context}, from a summary function's {@code openState}.
     *
     * @param width sums per window, as the {@link WindowBuffer}s that feed it
     * @param maxWindows windows retained, &ge; 1
     */
    public static WindowSeries open(RuntimeContext context, int width, int maxWindows) {
        return new WindowSeries(width, maxWindows, context);
    }

    /** Adds a partial's windows. */
    public void merge(WindowPartial partial) throws Exception {
        if (partial.windows.length == 0 && partial.conceptRuns.length == 0) {
            return;
        }
        for (int i = 0; i < partial.windows.length; i++) {
            long window = partial.windows[i];
            if (retention.admit(window)) {
                double[] row = totals.get(window);
                row = row == null ? new double[width] : row;
                for (int j = 0; j < width; j++) {
                    row[j] += partial.totals[i * width + j];
                }
                totals.put(window, row);
            }
        }
        for (int i = 0; i < partial.conceptRuns.length; i += 4) {
            long window = partial.conceptRuns[i];
            if (retention.admit(window)) {
                concepts.put(window, withRun(concepts.get(window), partial.conceptRuns[i + 1],
                        partial.conceptRuns[i + 2], partial.conceptRuns[i + 3]));
            }
        }
    }

    private boolean evict(long window) throws Exception {
        if (!totals.contains(window) && !concepts.contains(window)) {
            return false;
        }
        totals.remove(window);
        concepts.remove(window);
        return true;
    }

    /** {@code runs} ((concept, first, last) triples) with the ids of {@code concept} widened to [first, last]. */
    private static long[] withRun(long[] runs, long concept, long first, long last) {
        if (runs != null) {
            for (int i = 0; i < runs.length; i += 3) {
                if (runs[i] == concept) {
                    runs[i + 1] = Math.min(runs[i + 1], first);
                    runs[i + 2] = Math.max(runs[i + 2], last);
                    return runs;
                }
            }
        }
        long[] widened = runs == null ? new long[3] : Arrays.copyOf(runs, runs.length + 3);
        widened[widened.length - 3] = concept;
        widened[widened.length - 2] = first;
        widened[widened.length - 1] = last;
        return widened;
    }

    /**
     * The retained windows in ascending order, and the ids at which the concept differs from the
     * previous id's: the first id of each concept run whose concept is not the previous run's, runs
     * ordered by first id. Exact when no concept returns within one window (true of the generators,
     * whose concepts last a whole period).
     */
    public Windows read() throws Exception {
        List<Long> indices = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<long[]> runs = new ArrayList<>();
        for (long window = retention.lowest(), highest = retention.highest(); window <= highest; window++) {
            double[] row = totals.get(window);
            if (row != null) {
                indices.add(window);
                rows.add(row);
            }
            long[] windowRuns = concepts.get(window);
            for (int i = 0; windowRuns != null && i < windowRuns.length; i += 3) {
                runs.add(new long[] {windowRuns[i + 1], windowRuns[i]});
            }
        }
        runs.sort(Comparator.comparingLong(run -> run[0]));
        List<Long> changes = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            if (runs.get(i)[1] != runs.get(i - 1)[1]) {
                changes.add(runs.get(i)[0]);
            }
        }
        return new Windows(indices.stream().mapToLong(Long::longValue).toArray(), rows.toArray(new double[0][]),
                changes.stream().mapToLong(Long::longValue).toArray(), retention.dropped());
    }
}
