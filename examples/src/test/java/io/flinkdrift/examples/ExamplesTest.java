package io.flinkdrift.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every example and pins what it prints: the examples are deterministic (fixed seeds, one
 * input order per key), so any change of a figure is a change of behaviour. The Flink ML example
 * has its own test, {@link FlinkMlLearnerTest}, since the Flink ML API runs on Flink 1.20 only.
 */
class ExamplesTest {

    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }

    /** The lines {@code main} prints to standard output. */
    static List<String> printed(Main main) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.run(new String[0]);
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void coreLearners() throws Exception {
        assertEquals(List.of(
                "ensemble-switch    accuracy 0.8826",
                "kalman-rvfl-switch accuracy 0.8377",
                "kalman             accuracy 0.7925",
                "no-change          accuracy 0.5301",
                "majority           accuracy 0.6158",
                "rls                accuracy 0.8685",
                "rvfl               accuracy 0.8651",
                "kalman-rvfl        accuracy 0.8397",
                "passive-aggressive accuracy 0.7395",
                "knn                accuracy 0.8540"), printed(CoreLearners::main));
    }

    @Test
    void dataStreamPipeline() throws Exception {
        assertEquals(List.of("predictions 10000, accuracy 0.7440"), printed(DataStreamPipeline::main));
    }
}
