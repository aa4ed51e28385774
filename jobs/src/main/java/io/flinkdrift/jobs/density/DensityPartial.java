package io.flinkdrift.jobs.density;

import io.flinkdrift.jobs.runtime.WindowPartial;

import java.io.Serializable;

/**
 * What one subtask adds to a density summary between two flushes: the counts and sums of {@link
 * DensitySummaryFunction} (indexed by its constants), its drift event ids, ascending, and its window
 * totals. A Flink
 * POJO, serializable because an empty one is part of its accumulator's configuration.
 */
public class DensityPartial implements Serializable {

    private static final long serialVersionUID = 1L;

    public long[] counts = new long[DensitySummaryFunction.COUNTS];

    /** Sums, except the largest truth defect, which is a maximum. */
    public double[] sums = new double[DensitySummaryFunction.SUMS];

    public long[] driftIds = new long[0];

    /** The window totals of the scores (columns of {@link DensitySummaryFunction}). */
    public WindowPartial windows = new WindowPartial();

    public DensityPartial() {}
}
