package io.flinkdrift.operators.learning;

import io.flinkdrift.core.learners.rls.RlsConfig;
import io.flinkdrift.core.learners.rls.RvflRegressor;
import io.flinkdrift.core.learners.rls.RvflRegressorCodec;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrequentialRegressorFunctionTest {

    static final KeyedStateSpec<RvflRegressor> RLS = KeyedStateSpec.of(
            d -> new RvflRegressor(RlsConfig.builder(d).plainRls().forgetting(0.97).build()), RvflRegressorCodec.class);

    static Example example(long id, String key, boolean labelled) {
        double[] x = {Math.sin(id), Math.cos(0.7 * id)};
        double y = labelled ? 2 * x[0] - x[1] + 0.1 * Math.sin(3 * id) : Double.NaN;
        return new Example(id, key, id, x, y, Example.UNKNOWN_CONCEPT);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Example, Prediction> harness(long snapshotEvery)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PrequentialRegressorFunction<>(RLS, snapshotEvery)), e -> e.key,
                Types.STRING);
    }

    /** Key of example i: two keys, and every fifth example is unlabelled. */
    private static Example stream(int i) {
        return example(i, i % 3 == 0 ? "b" : "a", i % 5 != 4);
    }

    @Test
    void predictsBeforeLearningWithExactVersionsPerKey() throws Exception {
        Map<String, RvflRegressor> reference = new HashMap<>();
        try (var h = harness(0)) {
            h.open();
            for (int i = 0; i < 40; i++) {
                h.processElement(stream(i), i);
            }
            List<Prediction> out = h.extractOutputValues();
            assertEquals(40, out.size());
            for (int i = 0; i < 40; i++) {
                Example e = stream(i);
                RvflRegressor model = reference.computeIfAbsent(e.key, k -> RLS.create(2));
                Prediction p = out.get(i);
                assertEquals(model.predict(e.features), p.prediction, 0.0, "prediction " + i);
                assertEquals(model.version(), p.modelVersion, "version " + i);
                assertEquals(0, p.probabilities.length);
                assertEquals(e.label, p.label, 0.0);
                if (e.labelled()) {
                    model.learn(e.features, e.label);
                }
            }
            // 40 examples, ids 4, 9, ... unlabelled: "b" has ids 0, 3, ..., 39 (14), of which 9, 24, 39 unlabelled
            assertEquals(11, reference.get("b").version());
            assertEquals(21, reference.get("a").version());
        }
    }

    @Test
    void restoredStateGivesBitIdenticalPredictions() throws Exception {
        OperatorSubtaskState snapshot;
        List<Prediction> uninterrupted;
        try (var h = harness(0)) {
            h.open();
            for (int i = 0; i < 30; i++) {
                h.processElement(stream(i), i);
            }
            snapshot = h.snapshot(1, 30);
            for (int i = 30; i < 60; i++) {
                h.processElement(stream(i), i);
            }
            uninterrupted = h.extractOutputValues().subList(30, 60);
        }
        try (var restored = harness(0)) {
            restored.initializeState(snapshot);
            restored.open();
            for (int i = 30; i < 60; i++) {
                restored.processElement(stream(i), i);
            }
            assertEquals(uninterrupted, restored.extractOutputValues());
        }
    }

    @Test
    void snapshotsDecodeToTheLiveModelAtTheirVersion() throws Exception {
        try (var h = harness(4)) {
            h.open();
            for (int i = 0; i < 60; i++) {
                h.processElement(stream(i), i);
            }
            List<ModelSnapshot> snapshots = new ArrayList<>();
            for (StreamRecord<ModelSnapshot> record : h.getSideOutput(KeyedModel.SNAPSHOTS)) {
                snapshots.add(record.getValue());
            }
            List<Prediction> predictions = h.extractOutputValues();
            RvflRegressorCodec codec = new RvflRegressorCodec();
            int checked = 0;
            for (ModelSnapshot snapshot : snapshots) {
                assertEquals(0, snapshot.modelVersion % 4);
                assertEquals(codec.version(), snapshot.formatVersion);
                RvflRegressor decoded = codec.read(
                        new DataInputStream(new ByteArrayInputStream(snapshot.state)), snapshot.formatVersion);
                assertEquals(snapshot.modelVersion, decoded.version());
                // the key's next prediction is made by the model at exactly this version
                for (int i = (int) snapshot.timestamp + 1; i < 60; i++) {
                    if (stream(i).key.equals(snapshot.key)) {
                        assertEquals(snapshot.modelVersion, predictions.get(i).modelVersion);
                        assertEquals(predictions.get(i).prediction, decoded.predict(stream(i).features), 0.0);
                        checked++;
                        break;
                    }
                }
            }
            // 60 examples: "a" learns 32 times (versions 4..32), "b" 16 times (versions 4..16)
            assertEquals(8 + 4, snapshots.size());
            assertEquals(snapshots.size(), checked + 1, "all but the last snapshot of one key have a successor");
        }
    }

    @Test
    void rejectsNegativeSnapshotInterval() {
        assertThrows(IllegalArgumentException.class, () -> new PrequentialRegressorFunction<>(RLS, -1));
    }
}
