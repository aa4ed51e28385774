package io.flinkdrift.examples;

import io.flinkdrift.core.learners.OnlineLearner;
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.operators.learning.KeyedModel;
import io.flinkdrift.operators.learning.PrequentialFunction;
import io.flinkdrift.operators.learners.KalmanParams;
import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.ArrayList;
import java.util.List;

/**
 * A learner in a DataStream job: one Kalman classifier (learned forgetting, γ starting at 0.95)
 * per key, in prequential order, over 10,000 records of the SEA generator spread over two keys, at
 * parallelism 2; prints the number of predictions and the accuracy.
 */
public final class DataStreamPipeline {

    private DataStreamPipeline() {}

    public static void main(String[] args) throws Exception {
        DriftGenerator sea = Generators.fromSpec("sea?keys=2");
        List<Example> examples = new ArrayList<>();
        for (long i = 0; i < 10_000; i++) {
            examples.add(sea.generate(i));
        }
        LearnerDeclaration<?> kalman = LearnerRegistry.classifier("kalman");
        KeyedModel<?> model = kalman.model(kalman.defaultValues().set(KalmanParams.GAMMA, 0.95), 0);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Prediction> predictions = env.fromData(examples).setParallelism(1)
                .keyBy(example -> example.key)
                .process(prequential(model))
                .uid("classifier");
        long count = 0;
        long correct = 0;
        for (var it = predictions.executeAndCollect(); it.hasNext(); ) {
            Prediction prediction = it.next();
            count++;
            correct += prediction.prediction == prediction.label ? 1 : 0;
        }
        System.out.printf("predictions %d, accuracy %.4f%n", count, correct / (double) count);
    }

    private static <L extends OnlineLearner> PrequentialFunction<L> prequential(KeyedModel<L> model) {
        return new PrequentialFunction<>(model);
    }
}
