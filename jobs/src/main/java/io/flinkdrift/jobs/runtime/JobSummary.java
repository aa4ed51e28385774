package io.flinkdrift.jobs.runtime;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flinkdrift.formats.ParseFunction;
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
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final double seconds;

    private JobSummary(double seconds) {
        this.seconds = seconds;
    }

    /** A summary with the job name, its main options and its run time. */
    public static JobSummary of(String job, CommonOptions options, JobExecutionResult result) {
        JobSummary summary = new JobSummary(result.getNetRuntime() / 1000.0);
        return summary.put("job", job)
                .put("source", options.source)
                .put("parallelism", options.parallelism)
                .put("stateBackend", options.stateBackend)
                .put("seconds", summary.seconds);
    }

    /** Adds (or replaces) a field; values are numbers, strings or Flink POJOs. */
    public JobSummary put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /** Adds the parser's read/accepted/rejected counters, when the job parsed its input. */
    public JobSummary putInput(JobExecutionResult result) {
        Object read = result.getAccumulatorResult(ParseFunction.RECORDS_READ);
        if (read != null) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("read", read);
            input.put("accepted", result.getAccumulatorResult(ParseFunction.RECORDS_ACCEPTED));
            input.put("rejected", result.getAccumulatorResult(ParseFunction.RECORDS_REJECTED));
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
     * Adds {@code recordsPerSecond} from the {@code records} field, prints the summary as JSON to
     * {@code console} and writes it to {@code path} if not null.
     */
    public void write(String path, PrintStream console) throws IOException {
        Object records = fields.get("records");
        if (records instanceof Number && seconds > 0) {
            fields.put("recordsPerSecond", Math.round(((Number) records).doubleValue() / seconds));
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
