package io.flinkdrift.jobs.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.RejectReason;
import io.flinkdrift.records.RejectedRecord;
import io.flinkdrift.records.TextLine;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses label lines, one JSON object each: {@code {"id": 17, "key": "sensor-3", "timestamp":
 * 1700000000000, "value": 2.5}}; {@code key} is optional ({@link Example#DEFAULT_KEY}), the others
 * are required numbers ({@code id} and {@code timestamp} integral, {@code value} finite). A line
 * that does not qualify goes to {@link #REJECTED} with its reason and is counted in {@link
 * #LABELS_REJECTED}; blank lines are skipped.
 */
public final class LabelParseFunction extends ProcessFunction<TextLine, Label> {

    private static final long serialVersionUID = 1L;

    /** Rejected label lines. */
    public static final OutputTag<RejectedRecord> REJECTED =
            new OutputTag<>("rejected-labels", TypeInformation.of(RejectedRecord.class));

    /** Accumulator counting label lines read (blank lines excluded). */
    public static final String LABELS_READ = "labels.read";

    /** Accumulator counting rejected label lines. */
    public static final String LABELS_REJECTED = "labels.rejected";

    private transient ObjectMapper json;
    private transient LongCounter read;
    private transient LongCounter rejected;

    @Override
    public void open(OpenContext openContext) {
        json = new ObjectMapper();
        read = getRuntimeContext().getLongCounter(LABELS_READ);
        rejected = getRuntimeContext().getLongCounter(LABELS_REJECTED);
    }

    @Override
    public void processElement(TextLine line, Context ctx, Collector<Label> out) {
        if (!line.oversized && line.text.isBlank()) {
            return;
        }
        read.add(1L);
        if (line.oversized) {
            reject(ctx, line, RejectReason.OVERSIZED_LINE, "label line too long");
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(line.text);
        } catch (JsonProcessingException e) {
            reject(ctx, line, RejectReason.MALFORMED, "not JSON: " + e.getOriginalMessage());
            return;
        }
        if (node == null || !node.isObject()) {
            reject(ctx, line, RejectReason.WRONG_COLUMN_COUNT, "a label line must be a JSON object");
            return;
        }
        for (String field : new String[] {"id", "timestamp", "value"}) {
            if (!node.hasNonNull(field)) {
                reject(ctx, line, RejectReason.MISSING_COLUMN, "missing '" + field + "'");
                return;
            }
        }
        if (!node.get("id").canConvertToExactIntegral() || !node.get("timestamp").canConvertToExactIntegral()
                || !node.get("value").isNumber()) {
            reject(ctx, line, RejectReason.UNPARSABLE_NUMBER, "id and timestamp must be integers, value a number");
            return;
        }
        JsonNode key = node.get("key");
        if (key != null && !key.isNull() && !key.isTextual()) {
            reject(ctx, line, RejectReason.MALFORMED, "key must be a string");
            return;
        }
        double value = node.get("value").asDouble();
        if (!Double.isFinite(value)) {
            reject(ctx, line, RejectReason.NON_FINITE_VALUE, "value is not finite");
            return;
        }
        out.collect(new Label(node.get("id").asLong(),
                key == null || key.isNull() ? Example.DEFAULT_KEY : key.asText(),
                node.get("timestamp").asLong(), value));
    }

    private void reject(Context ctx, TextLine line, RejectReason reason, String detail) {
        rejected.add(1L);
        ctx.output(REJECTED, new RejectedRecord(line.origin, line.position, reason, detail, line.text));
    }
}
