package io.flinkdrift.jobs.runtime;

import java.io.Serializable;

/**
 * The per-window part of a summary partial, as a {@link WindowBuffer} drains it and a {@link
 * WindowSeries} merges it: the totals of each window of record ids and the concept runs seen in it.
 * A Flink POJO, serializable because an empty one may be part of an accumulator's configuration.
 */
public class WindowPartial implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Window indices (id / window size), each once, ascending. */
    public long[] windows = new long[0];

    /** The totals of each window, {@code width} per window in the order of {@link #windows}. */
    public double[] totals = new double[0];

    /** Concept runs as {@code (window, concept, first id, last id)} quadruples. */
    public long[] conceptRuns = new long[0];

    public WindowPartial() {}
}
