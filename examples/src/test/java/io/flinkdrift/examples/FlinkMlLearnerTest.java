package io.flinkdrift.examples;

import static io.flinkdrift.examples.ExamplesTest.printed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins what the Flink ML example prints (Flink 1.20 only: the Flink ML API does not run on 2.x). */
class FlinkMlLearnerTest {

    @Test
    void flinkMlLearner() throws Exception {
        assertEquals(List.of(
                "point 0: class 1, p(1) 0.8489, model version 5000",
                "point 1: class 0, p(1) 0.4310, model version 5000",
                "point 2: class 0, p(1) 0.2958, model version 5000"), printed(FlinkMlLearner::main));
    }
}
