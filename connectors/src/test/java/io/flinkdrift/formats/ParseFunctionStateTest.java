package io.flinkdrift.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flinkdrift.records.Example;
import io.flinkdrift.records.RejectedRecord;
import io.flinkdrift.records.TextLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.api.Test;

/** Checks that {@link ParseFunction} checkpoints its parser state through Flink operator state. */
class ParseFunctionStateTest {

    private static final FormatSpec SPEC = FormatSpec.csv().labelColumn("c").build();

    private static List<TextLine> input() {
        List<TextLine> lines = new ArrayList<>();
        lines.add(new TextLine("a.csv", 0, -1, "x,y,c", false));
        String[] classes = {"B", "A", "C"};
        for (int i = 1; i <= 30; i++) {
            String x = i % 9 == 0 ? "inf" : String.valueOf(i);
            lines.add(new TextLine("a.csv", i, -1, x + "," + (i * 0.5) + "," + classes[(i * 7) % 3], false));
        }
        return lines;
    }

    private static OneInputStreamOperatorTestHarness<TextLine, Example> harness() throws Exception {
        OneInputStreamOperatorTestHarness<TextLine, Example> harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseFunction(SPEC)));
        harness.getExecutionConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false), ClassLoader.getSystemClassLoader());
        return harness;
    }

    private static List<RejectedRecord> rejected(OneInputStreamOperatorTestHarness<TextLine, Example> harness) {
        List<RejectedRecord> out = new ArrayList<>();
        if (harness.getSideOutput(ParseFunction.REJECTED) != null) {
            for (StreamRecord<RejectedRecord> r : harness.getSideOutput(ParseFunction.REJECTED)) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    @Test
    void restoredFunctionContinuesLikeAnUninterruptedOne() throws Exception {
        List<TextLine> lines = input();
        OneInputStreamOperatorTestHarness<TextLine, Example> uninterrupted = harness();
        uninterrupted.open();
        for (TextLine line : lines) {
            uninterrupted.processElement(line, 0);
        }
        List<Example> expectedExamples = uninterrupted.extractOutputValues();
        List<RejectedRecord> expectedRejected = rejected(uninterrupted);
        uninterrupted.close();

        int cut = 14;
        OneInputStreamOperatorTestHarness<TextLine, Example> first = harness();
        first.open();
        for (TextLine line : lines.subList(0, cut)) {
            first.processElement(line, 0);
        }
        OperatorSubtaskState snapshot = first.snapshot(1L, 1L);
        List<Example> examples = new ArrayList<>(first.extractOutputValues());
        List<RejectedRecord> rejected = rejected(first);
        first.close();

        OneInputStreamOperatorTestHarness<TextLine, Example> second = harness();
        second.initializeState(snapshot);
        second.open();
        for (TextLine line : lines.subList(cut, lines.size())) {
            second.processElement(line, 0);
        }
        examples.addAll(second.extractOutputValues());
        rejected.addAll(rejected(second));
        second.close();

        assertEquals(27, expectedExamples.size());
        assertEquals(expectedExamples, examples);
        assertEquals(expectedRejected, rejected);
    }
}
