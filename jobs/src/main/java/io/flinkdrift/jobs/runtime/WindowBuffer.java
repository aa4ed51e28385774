package io.flinkdrift.jobs.runtime;

import io.flinkdrift.records.Example;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The window totals a {@link SummaryAccumulator} folds between two flushes: for every window of
 * record ids {@code [w windowSize, (w+1) windowSize)} a row of {@code width} sums, and for every
 * concept seen in the window the first and last id it was seen at. Drained into a {@link
 * WindowPartial} that a {@link WindowSeries} merges exactly, whatever subtask saw which id.
 */
public final class WindowBuffer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long windowSize;
    private final int width;

    private TreeMap<Long, double[]> rows = new TreeMap<>();
    private TreeMap<Long, Map<Integer, long[]>> concepts = new TreeMap<>();

    /**
     * @param windowSize record ids per window, &ge; 1
     * @param width sums per window, &ge; 1
     */
    public WindowBuffer(long windowSize, int width) {
        if (windowSize < 1 || width < 1) {
            throw new IllegalArgumentException("windowSize and width must be >= 1, got " + windowSize + " and " + width);
        }
        this.windowSize = windowSize;
        this.width = width;
    }

    /** The sums of the window of record {@code id}, to add to (zeros when the window is new). */
    public double[] row(long id) {
        return rows.computeIfAbsent(Math.floorDiv(id, windowSize), window -> new double[width]);
    }

    /** Notes that record {@code id} came from {@code concept}; nothing for an unknown concept. */
    public void concept(long id, int concept) {
        if (concept == Example.UNKNOWN_CONCEPT) {
            return;
        }
        long[] run = concepts.computeIfAbsent(Math.floorDiv(id, windowSize), window -> new HashMap<>())
                .computeIfAbsent(concept, c -> new long[] {id, id});
        run[0] = Math.min(run[0], id);
        run[1] = Math.max(run[1], id);
    }

    /** Windows with sums or concepts since the last {@link #drain}. */
    public int windows() {
        return Math.max(rows.size(), concepts.size());
    }

    /** The windows since the last call; the buffer starts empty again. */
    public WindowPartial drain() {
        WindowPartial partial = new WindowPartial();
        partial.windows = new long[rows.size()];
        partial.totals = new double[rows.size() * width];
        int i = 0;
        for (Map.Entry<Long, double[]> row : rows.entrySet()) {
            partial.windows[i] = row.getKey();
            System.arraycopy(row.getValue(), 0, partial.totals, i * width, width);
            i++;
        }
        int runs = concepts.values().stream().mapToInt(Map::size).sum();
        partial.conceptRuns = new long[4 * runs];
        int j = 0;
        for (Map.Entry<Long, Map<Integer, long[]>> window : concepts.entrySet()) {
            for (Map.Entry<Integer, long[]> run : window.getValue().entrySet()) {
                partial.conceptRuns[j++] = window.getKey();
                partial.conceptRuns[j++] = run.getKey();
                partial.conceptRuns[j++] = run.getValue()[0];
                partial.conceptRuns[j++] = run.getValue()[1];
            }
        }
        rows = new TreeMap<>();
        concepts = new TreeMap<>();
        return partial;
    }
}
