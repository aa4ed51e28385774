package io.flinkdrift.jobs.conformal;

import io.flinkdrift.jobs.runtime.WindowPartial;

/**
 * What one subtask adds to a conformal summary between two flushes: its running totals and the
 * window totals (columns of {@link ConformalSummaryFunction}). A Flink POJO.
 */
public class ConformalPartial {

    public ConformalSummary totals = new ConformalSummary();

    public WindowPartial windows = new WindowPartial();

    public ConformalPartial() {}
}
