package io.flinkdrift.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every example and pins what it prints: the examples are deterministic (fixed seeds, one
 * input order per key), so any change of a figure is a change of behaviour.
 */
class ExamplesTest {

    @FunctionalInterface
    private interface Main {
        void run(String[] args) throws Exception;
    }

    private static List<String> printed(Main main) throws Exception {
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
                "kalman       accuracy 0.7982",
                "no-change    accuracy 0.5301",
                "majority     accuracy 0.6158",
                "rls          accuracy 0.8699",
                "rvfl         accuracy 0.8651",
                "kalman-rvfl  accuracy 0.8397"), printed(CoreLearners::main));
    }

    @Test
    void dataStreamPipeline() throws Exception {
        assertEquals(List.of("predictions 10000, accuracy 0.7486"), printed(DataStreamPipeline::main));
    }

    @Test
    void flinkMlLearner() throws Exception {
        assertEquals(List.of(
                "point 0: class 1, p(1) 0.8489, model version 5000",
                "point 1: class 0, p(1) 0.4310, model version 5000",
                "point 2: class 0, p(1) 0.2958, model version 5000"), printed(FlinkMlLearner::main));
    }
}
