package io.flinkdrift.jobs.runtime;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flinkdrift.formats.ParseFunction;
import io.flinkdrift.io.JsonLines;
import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.jobs.pipeline.LabelParseFunction;
import io.flinkdrift.operators.learning.DelayedLabelLearningFunction;
import org.apache.flink.api.common.JobExecutionResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary a bounded job run ends with: what ran, how long it took, the input counters and
 * the job's own results. Stderr gets a short table of the key figures (with their baselines) and
 * the input balance, read = accepted + rejected; {@code --summary} gets every field as JSON.
 */
public final class JobSummary {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(JsonLines.finiteNumbers());

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final SummaryTable table = new SummaryTable();
    private final double processingSeconds;

    private JobSummary(double processingSeconds) {
        this.processingSeconds = processingSeconds;
    }

    /**
     * A summary with the job name, its main options, its run time ({@code seconds}, from submission
     * to the end) and its processing time ({@code processingSeconds}, from the first counted record
     * to the last; absent when fewer than two distinct times were seen).
     */
    public static JobSummary of(String job, CommonOptions options, JobExecutionResult result) {
        Long first = result.getAccumulatorResult(CountingFunction.FIRST_RECORD_MILLIS);
        Long last = result.getAccumulatorResult(CountingFunction.LAST_RECORD_MILLIS);
        double processing = first == null || last == null || last <= first ? 0 : (last - first) / 1000.0;
        JobSummary summary = new JobSummary(processing);
        summary.put("job", job)
                .put("source", options.source)
                .put("parallelism", options.parallelism)
                .put("stateBackend", options.stateBackend)
                .put("seconds", result.getNetRuntime() / 1000.0);
        return processing > 0 ? summary.put("processingSeconds", processing) : summary;
    }

    /**
     * Adds a row to the terminal table: a key figure and the baseline beside it.
     *
     * @param baseline the baseline's name and value (e.g. {@code "no-change 0.85330"}), or null
     */
    public JobSummary figure(String name, Number value, String baseline) {
        table.add(name, SummaryTable.format(value), baseline);
        return this;
    }

    /** {@link #figure(String, Number, String)} without a baseline. */
    public JobSummary figure(String name, Number value) {
        return figure(name, value, null);
    }

    /** A baseline column entry: its name and value as the table formats numbers. */
    public static String baseline(String name, Number value) {
        return name + " " + SummaryTable.format(value);
    }

    /** Adds (or replaces) a field; values are numbers, strings or Flink POJOs. */
    public JobSummary put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /**
     * Adds the parser's read/accepted/rejected counters and, for class labels, the class names in
     * index order ({@code classes[i]} is class {@code i} of every prediction), when the job parsed
     * its input.
     */
    public JobSummary putInput(JobExecutionResult result) {
        Object read = result.getAccumulatorResult(ParseFunction.RECORDS_READ);
        if (read != null) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("read", read);
            input.put("accepted", result.getAccumulatorResult(ParseFunction.RECORDS_ACCEPTED));
            input.put("rejected", result.getAccumulatorResult(ParseFunction.RECORDS_REJECTED));
            Object classes = result.getAccumulatorResult(ParseFunction.CLASS_NAMES);
            if (classes != null) {
                input.put("classes", classes);
            }
            fields.put("input", input);
        }
        return this;
    }

    /**
     * Adds the delayed-label counters (label lines read and rejected, labels joined, examples
     * dropped without a label, orphan labels), when the job read {@code --labels}.
     */
    public JobSummary putLabels(JobExecutionResult result) {
        Object read = result.getAccumulatorResult(LabelParseFunction.LABELS_READ);
        if (read != null) {
            Map<String, Object> labels = new LinkedHashMap<>();
            labels.put("read", read);
            labels.put("rejected", orZero(result.getAccumulatorResult(LabelParseFunction.LABELS_REJECTED)));
            labels.put("joined", orZero(result.getAccumulatorResult(DelayedLabelLearningFunction.JOINED_COUNTER)));
            labels.put("droppedExamples",
                    orZero(result.getAccumulatorResult(DelayedLabelLearningFunction.DROPPED_COUNTER)));
            labels.put("orphanLabels", orZero(result.getAccumulatorResult(DelayedLabelLearningFunction.ORPHAN_COUNTER)));
            fields.put("labels", labels);
        }
        return this;
    }

    private static Object orZero(Object counter) {
        return counter == null ? 0L : counter;
    }

    /**
     * Adds {@code recordsPerSecond} (the {@code records} field over the processing time, so job
     * deployment and shutdown do not count), writes the summary as JSON to {@code path} if not null
     * and prints the table to {@code console}. Numbers that are not finite are written as {@code
     * null}: JSON has no other way to say them.
     */
    public void write(String path, PrintStream console) throws IOException {
        Object records = fields.get("records");
        if (records instanceof Number && processingSeconds > 0) {
            fields.put("recordsPerSecond", Math.round(((Number) records).doubleValue() / processingSeconds));
        }
        if (path != null) {
            Path file = Path.of(path);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, JSON.writeValueAsString(fields) + System.lineSeparator());
        }
        for (String line : terminalLines(path)) {
            console.println(line);
        }
    }

    /** What {@link #write} prints: what ran and how fast, the input balance, the table. */
    List<String> terminalLines(String path) {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder("[flink-drift] ").append(fields.get("job")).append(" on ")
                .append(fields.get("source")).append(": ");
        if (fields.get("records") instanceof Number records) {
            head.append(SummaryTable.format(records.longValue())).append(" records in ");
        }
        head.append(String.format(Locale.ROOT, "%.1f s", ((Number) fields.get("seconds")).doubleValue()));
        if (fields.get("recordsPerSecond") instanceof Number rate) {
            head.append(" (").append(SummaryTable.format(rate.longValue())).append(" records/s)");
        }
        lines.add(head.toString());
        if (fields.get("input") instanceof Map<?, ?> input) {
            lines.add(String.format(Locale.ROOT, "  input read %s = accepted %s + rejected %s",
                    SummaryTable.format((Number) input.get("read")), SummaryTable.format((Number) input.get("accepted")),
                    SummaryTable.format((Number) input.get("rejected"))));
        }
        lines.addAll(table.lines());
        lines.add(path == null ? "  (--summary FILE writes every figure as JSON)" : "  every figure: " + path);
        return lines;
    }
}
