package io.flinkdrift.examples;

import static io.flinkdrift.examples.ExamplesTest.printed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins what the Flink ML conformal example prints (Flink 1.20 only: the Flink ML API does not run on 2.x). */
class FlinkMlConformalTest {

    @Test
    void flinkMlConformal() throws Exception {
        assertEquals(List.of(
                "model version 2000: lambda 1.74, interval width 3.48",
                "1000 new rows: miscoverage 0.0670 (target 0.1)"),
                printed(FlinkMlConformal::main));
    }
}
