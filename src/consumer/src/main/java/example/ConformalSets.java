package example;

import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.generators.GeneratorSources;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.operators.conformal.ConformalBuilder;
import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.operators.conformal.ConformalFunction;
import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.operators.conformal.KeyedConformal;
import io.flinkdrift.operators.learning.PrequentialClassifierFunction;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/** The README's conformal snippet, verbatim between the markers. */
public final class ConformalSets {

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Example> examples = env.fromSource(
                GeneratorSources.create(Generators.fromSpec("sea"), 20_000, 0, 1),
                WatermarkStrategy.noWatermarks(), "sea");
        DataStream<Prediction> predictions = examples
                .keyBy(example -> example.key)
                .process(new PrequentialClassifierFunction<>(KeyedStateSpec.of(
                        d -> new KalmanClassifier(KalmanConfig.defaults()), KalmanClassifierCodec.class)))
                .uid("classifier");
        // README begin
        KeyedConformal<?> conformal = ConformalBuilder.forLoss(ConformalRegistry.SET)
                .alpha(0.1).controller(ConformalRegistry.PID).build();
        DataStream<ConformalPrediction> answers = predictions   // DataStream<Prediction>, labelled
                .keyBy(p -> p.key)
                .process(new ConformalFunction(conformal))
                .uid("conformal");
        double loss = 0;
        double size = 0;
        long tested = 0;
        try (CloseableIterator<ConformalPrediction> it = answers.executeAndCollect()) {
            while (it.hasNext()) {
                ConformalPrediction a = it.next();
                if (!a.calibrates) {                             // the half the controller did not see
                    loss += a.loss;
                    size += a.size;
                    tested++;
                }
            }
        }
        System.out.printf("miscoverage %.4f (target 0.1), mean set size %.4f on %d sets%n",
                loss / tested, size / tested, tested);
        // README end
    }
}
