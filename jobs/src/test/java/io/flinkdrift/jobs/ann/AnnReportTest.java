package io.flinkdrift.jobs.ann;

import io.flinkdrift.jobs.report.ReportFiles;
import io.flinkdrift.jobs.report.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code ann --report}: recall and maintenance cost per report period. */
class AnnReportTest {

    private static AnnPeriodSummary period(long index, double recall, long runs, double ms) {
        AnnPeriodSummary period = new AnnPeriodSummary();
        period.period = index;
        period.recall = recall;
        period.maintenanceRuns = runs;
        period.maintenanceMs = ms;
        return period;
    }

    @Test
    void recallAndMaintenanceArePlottedPerPeriod(@TempDir Path dir) throws Exception {
        AnnSummary summary = new AnnSummary();
        summary.periods = new AnnPeriodSummary[] {
                period(0, Double.NaN, 0, 0), period(1, 0.9, 1, 12.5), period(2, 0.8, 2, 30)};

        RunReport report = AnnJob.report(summary, "ann");
        assertEquals(List.of("recall", "maintenance"), report.entries().stream().map(RunReport.Entry::name).toList());
        XYChart recall = report.entries().get(0).chart();
        assertEquals(List.of("recall@k"), List.copyOf(recall.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {0, 1, 2}, recall.getSeriesMap().get("recall@k").getXData(), 0.0);
        assertArrayEquals(new double[] {Double.NaN, 0.9, 0.8}, recall.getSeriesMap().get("recall@k").getYData(), 0.0);
        XYChart cost = report.entries().get(1).chart();
        assertEquals(List.of("maintenance ms", "maintenance runs"), List.copyOf(cost.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {0, 12.5, 30}, cost.getSeriesMap().get("maintenance ms").getYData(), 0.0);
        assertArrayEquals(new double[] {0, 1, 2}, cost.getSeriesMap().get("maintenance runs").getYData(), 0.0);
        assertEquals(1, cost.getSeriesMap().get("maintenance runs").getYAxisGroup());

        report.write(dir);
        ReportFiles.assertChart(dir, "recall");
        ReportFiles.assertChart(dir, "maintenance");
    }
}
