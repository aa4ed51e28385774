package io.flinkdrift.operators.evaluation;

import io.flinkdrift.records.Label;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded job, generic types disabled: predictions and delayed labels are joined, evaluated, and
 * the end of input yields the final report.
 */
class EvaluationPipelineTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @Test
    void boundedJobEmitsTheFinalReport() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.getConfig().configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false), ClassLoader.getSystemClassLoader());

        int n = 200;
        List<Prediction> predictions = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Prediction p = new Prediction();
            p.id = i;
            p.timestamp = i;
            p.prediction = i % 2;
            p.probabilities = new double[] {0.75, 0.25};
            predictions.add(p);
            // every label is class 0, so exactly the predictions of even ids are correct
            if (i % 10 != 9) {
                labels.add(new Label(i, i + 5, 0.0));
            }
        }
        DataStream<Prediction> predictionStream = env.fromData(predictions).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Prediction>forMonotonousTimestamps()
                        .withTimestampAssigner((p, t) -> p.timestamp));
        DataStream<Label> labelStream = env.fromData(labels).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Label>forMonotonousTimestamps()
                        .withTimestampAssigner((l, t) -> l.timestamp));

        SingleOutputStreamOperator<Prediction> joined = predictionStream.connect(labelStream)
                .keyBy(p -> p.id, l -> l.id)
                .process(new DelayedLabelJoin(100));
        List<EvaluationReport> reports = new ArrayList<>();
        joined.keyBy(p -> p.key)
                .process(PrequentialEvaluator.classification(50, 0.99, 1000))
                .executeAndCollect().forEachRemaining(reports::add);

        assertEquals(1, reports.size(), reports.toString());
        EvaluationReport report = reports.get(0);
        assertTrue(report.finalReport);
        // ids i % 10 == 9 (all odd) have no label; of the 180 labelled, the 100 even ids are correct
        assertEquals(180, report.count);
        assertEquals(100.0 / 180, report.accuracy, 1e-12);
        assertEquals(-Math.log(0.75), report.logLoss, 1e-12);
        assertEquals(50, report.windowCount);
    }
}
