package io.flinkdrift.jobs.density;

import java.io.Serializable;

/**
 * What one subtask adds to a density summary between two flushes: the counts and sums of {@link
 * DensitySummaryFunction} (indexed by its constants) and its drift event ids, ascending. A Flink
 * POJO, serializable because an empty one is part of its accumulator's configuration.
 */
public class DensityPartial implements Serializable {

    private static final long serialVersionUID = 1L;

    public long[] counts = new long[DensitySummaryFunction.COUNTS];

    /** Sums, except the largest truth defect, which is a maximum. */
    public double[] sums = new double[DensitySummaryFunction.SUMS];

    public long[] driftIds = new long[0];

    public DensityPartial() {}
}
