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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary a bounded job run ends with: what ran, how long it took, the input counters and
 * the job's own results, printed briefly to stderr and written as JSON to {@code --summary}.
 */
public final class JobSummary {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(JsonLines.finiteNumbers());

    private final Map<String, Object> fields = new LinkedHashMap<>();
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
     * deployment and shutdown do not count), prints the summary as JSON to {@code console} and
     * writes it to {@code path} if not null. Numbers that are not finite are written as
     * {@code null}: JSON has no other way to say them.
     */
    public void write(String path, PrintStream console) throws IOException {
        Object records = fields.get("records");
        if (records instanceof Number && processingSeconds > 0) {
            fields.put("recordsPerSecond", Math.round(((Number) records).doubleValue() / processingSeconds));
        }
        String json = JSON.writeValueAsString(fields);
        if (path != null) {
            Path file = Path.of(path);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, json + System.lineSeparator());
        }
        console.println(json);
    }
}
