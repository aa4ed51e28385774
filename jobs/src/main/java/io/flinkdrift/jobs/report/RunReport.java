package io.flinkdrift.jobs.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The plots of one run ({@code --report DIR}): each chart as a PNG file and an {@code index.html}
 * that shows them all with their captions, so a run can be looked at in a browser instead of read
 * as JSON arrays.
 */
public final class RunReport {

    /** One chart of the report: its file name (without {@code .png}), caption and model. */
    public record Entry(String name, String caption, XYChart chart) {}

    private final String title;
    private final List<Entry> entries = new ArrayList<>();

    /** @param title the page title, e.g. the job and its source */
    public RunReport(String title) {
        this.title = title;
    }

    /** Adds a chart, written as {@code name.png}. */
    public RunReport add(String name, String caption, XYChart chart) {
        entries.add(new Entry(name, caption, chart));
        return this;
    }

    /** The charts, in the order they were added. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Writes every chart as {@code dir/NAME.png} and {@code dir/index.html}, creating {@code dir}.
     *
     * @return the index file
     */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title></head>\n<body style=\"font-family: sans-serif\">\n<h1>")
                .append(escape(title)).append("</h1>\n");
        for (Entry entry : entries) {
            String file = entry.name + ".png";
            try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
                BitmapEncoder.saveBitmap(entry.chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            html.append("<figure><img src=\"").append(escape(file)).append("\" width=\"")
                    .append(entry.chart.getWidth()).append("\" height=\"").append(entry.chart.getHeight())
                    .append("\" alt=\"").append(escape(entry.caption)).append("\"><figcaption>")
                    .append(escape(entry.caption)).append("</figcaption></figure>\n");
        }
        html.append("</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, html);
        return index;
    }

    /**
     * Writes the report to {@code dir} and names its index on {@code console}; nothing when {@code
     * dir} is null ({@code --report} not given).
     */
    public void write(String dir, PrintStream console) throws IOException {
        if (dir != null) {
            console.println("  report: " + write(Path.of(dir)));
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
