package io.flinkdrift.operators.ml;

import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.operators.learning.ModelSnapshot;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoProcessOperator;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deterministic interleavings of rows and model versions: buffering, replacement, restore. */
class VersionedPredictionFunctionTest {

    private static final RowTypeInfo INPUT = new RowTypeInfo(
            new TypeInformation<?>[] {Types.LONG, DenseVectorTypeInfo.INSTANCE}, new String[] {"id", "x"});
    private static final double[] PROBE = {0.4, -0.2, 0.7};

    private static TwoInputStreamOperatorTestHarness<Row, ModelSnapshot, Row> harness() throws Exception {
        return new TwoInputStreamOperatorTestHarness<>(
                new CoProcessOperator<>(
                        new VersionedPredictionFunction<>(LearnerRegistry.classifier("kalman"), 1, INPUT)));
    }

    /** A Kalman classifier after {@code updates} updates on a fixed linear rule. */
    private static KalmanClassifier trained(int updates) {
        KalmanClassifier model = new KalmanClassifier(KalmanConfig.builder().build());
        for (int i = 0; i < updates; i++) {
            double[] x = {Math.sin(i), Math.cos(3 * i), Math.sin(7 * i)};
            model.learn(x, x[0] - x[2] > 0 ? 1 : 0);
        }
        return model;
    }

    private static ModelSnapshot snapshot(KalmanClassifier model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new KalmanClassifierCodec().write(model, new DataOutputStream(bytes));
        return new ModelSnapshot("model", model.version(), 0, new KalmanClassifierCodec().version(),
                bytes.toByteArray());
    }

    private static Row row(long id) {
        return Row.of(id, new DenseVector(PROBE));
    }

    private static double[] probabilities(Row predicted) {
        return ((DenseVector) predicted.getField(3)).values;
    }

    @Test
    void rowsWaitForTheFirstVersionAndLaterVersionsReplaceOlderOnes() throws Exception {
        KalmanClassifier v100 = trained(100);
        KalmanClassifier v400 = trained(400);
        try (var h = harness()) {
            h.open();
            h.processElement1(row(0), 0);
            h.processElement1(row(1), 1);
            assertTrue(h.extractOutputValues().isEmpty(), "no prediction before the first model version");
            h.processElement2(snapshot(v100), 2);
            h.processElement1(row(2), 3);
            h.processElement2(snapshot(trained(50)), 4); // older: ignored
            h.processElement1(row(3), 5);
            h.processElement2(snapshot(v400), 6);
            h.processElement1(row(4), 7);

            List<Row> out = h.extractOutputValues();
            assertEquals(5, out.size());
            for (int i = 0; i < 4; i++) {
                assertEquals((long) i, out.get(i).getField(0));
                assertEquals(100L, out.get(i).getField(4));
                assertArrayEquals(v100.predictProbabilities(PROBE), probabilities(out.get(i)), 0.0);
            }
            assertEquals(400L, out.get(4).getField(4));
            assertArrayEquals(v400.predictProbabilities(PROBE), probabilities(out.get(4)), 0.0);
            assertFalse(Arrays.equals(probabilities(out.get(3)), probabilities(out.get(4))),
                    "the prediction after the update differs");
            double[] p = probabilities(out.get(4));
            assertEquals(p[1] > p[0] ? 1.0 : 0.0, (double) out.get(4).getField(2), 0.0);
        }
    }

    @Test
    void waitingRowsAndTheCurrentVersionSurviveARestore() throws Exception {
        KalmanClassifier v100 = trained(100);
        KalmanClassifier v200 = trained(200);
        OperatorSubtaskState waiting;
        try (var h = harness()) {
            h.open();
            h.processElement1(row(0), 0);
            waiting = h.snapshot(1, 1);
        }
        OperatorSubtaskState withModel;
        try (var h = harness()) {
            h.initializeState(waiting);
            h.open();
            h.processElement2(snapshot(v100), 2);
            List<Row> out = h.extractOutputValues();
            assertEquals(1, out.size(), "the restored waiting row is predicted by the first version");
            assertEquals(0L, out.get(0).getField(0));
            withModel = h.snapshot(2, 3);
        }
        try (var h = harness()) {
            h.initializeState(withModel);
            h.open();
            h.processElement1(row(1), 4);
            h.processElement2(snapshot(v200), 5);
            h.processElement1(row(2), 6);
            List<Row> out = h.extractOutputValues();
            assertEquals(100L, out.get(0).getField(4), "the restored version predicts at once");
            assertArrayEquals(v100.predictProbabilities(PROBE), probabilities(out.get(0)), 0.0);
            assertEquals(200L, out.get(1).getField(4));
            assertArrayEquals(v200.predictProbabilities(PROBE), probabilities(out.get(1)), 0.0);
        }
    }
}
