package io.flinkdrift.examples;

import static io.flinkdrift.examples.ExamplesTest.printed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins what the Flink ML density example prints (Flink 1.20 only: the Flink ML API does not run on 2.x). */
class FlinkMlDensityTest {

    @Test
    void flinkMlDensity() throws Exception {
        assertEquals(List.of(
                "point 0: log-density -6.9457, out of range false, model version 4000",
                "point 1: log-density -4.3983, out of range false, model version 4000",
                "point 2: log-density -10.5112, out of range false, model version 4000"),
                printed(FlinkMlDensity::main));
    }
}
