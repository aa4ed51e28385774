package io.flinkdrift.jobs.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;

/**
 * The chart models of the run reports, one look for all: {@value #WIDTH} × {@value #HEIGHT} pixels,
 * lines without markers, the legend below the plot, a value series per figure and events such as
 * concept changes as vertical lines.
 */
public final class Charts {

    /** Width of every chart, in pixels. */
    public static final int WIDTH = 900;

    /** Height of every chart, in pixels. */
    public static final int HEIGHT = 420;

    /** Name of the series that marks concept changes. */
    public static final String CONCEPT_CHANGES = "concept change";

    private Charts() {}

    /** An empty chart with the common style. */
    public static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        return chart;
    }

    /** Adds a line through {@code (x[i], y[i])}; a NaN y leaves a gap. */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        return series;
    }

    /** Adds the series {@link #CONCEPT_CHANGES}: grey {@link #verticalLines} at {@code positions}. */
    public static void conceptChanges(XYChart chart, long[] positions, double low, double high) {
        verticalLines(chart, CONCEPT_CHANGES, positions, low, high, Color.GRAY);
    }

    /**
     * Adds the series {@code name}: a vertical line from {@code low} to {@code high} at each
     * position (three points each, the third a NaN that ends the line). Nothing is added when there
     * are no positions.
     */
    public static void verticalLines(XYChart chart, String name, long[] positions, double low, double high,
            Color color) {
        if (positions.length == 0) {
            return;
        }
        double[] x = new double[3 * positions.length];
        double[] y = new double[3 * positions.length];
        for (int i = 0; i < positions.length; i++) {
            x[3 * i] = x[3 * i + 1] = x[3 * i + 2] = positions[i];
            y[3 * i] = low;
            y[3 * i + 1] = high;
            y[3 * i + 2] = Double.NaN;
        }
        line(chart, name, x, y).setLineColor(color);
    }

    /**
     * The chart of a learner's figure per window of record ids beside the no-change baseline's,
     * with the concept changes from 0 to the highest finite value (at least {@code top}): the series
     * {@code learner}, {@code no-change} (when {@code noChange} is not null) and {@link
     * #CONCEPT_CHANGES}.
     *
     * @param noChange the baseline's value per window, or null when the run has no baseline
     * @param top the least height of the concept change lines, e.g. 1 for an accuracy
     */
    public static XYChart versusNoChange(String title, String yTitle, long[] windowStarts, double[] learner,
            double[] noChange, long[] conceptChanges, double top) {
        XYChart chart = chart(title, "record id (window start)", yTitle);
        double[] starts = doubles(windowStarts);
        line(chart, "learner", starts, learner);
        double highest = highest(learner, top);
        if (noChange != null) {
            line(chart, "no-change", starts, noChange);
            highest = highest(noChange, highest);
        }
        conceptChanges(chart, conceptChanges, 0, highest);
        return chart;
    }

    /** The caption of a {@link #versusNoChange} chart of {@code figure}, naming what it shows. */
    public static String versusNoChangeCaption(String figure, long windowSize, boolean baseline,
            long[] conceptChanges) {
        return figure + " per window of " + windowSize + " record ids" + (baseline ? " beside the no-change"
                + " baseline (each key's previous label)" : "")
                + (conceptChanges.length > 0 ? ", with the generator's concept changes" : "");
    }

    /** The largest finite value of {@code values} and {@code atLeast}. */
    public static double highest(double[] values, double atLeast) {
        double highest = atLeast;
        for (double value : values) {
            highest = Double.isFinite(value) ? Math.max(highest, value) : highest;
        }
        return highest;
    }

    /** Adds a horizontal line at {@code value} across {@code [from, to]}, e.g. a target. */
    public static void level(XYChart chart, String name, double value, double from, double to) {
        line(chart, name, new double[] {from, to}, new double[] {value, value}).setLineColor(Color.RED);
    }

    /** {@code values} as doubles, for a chart's x values. */
    public static double[] doubles(long[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
