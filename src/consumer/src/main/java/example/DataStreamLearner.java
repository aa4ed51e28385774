package example;

import io.flinkdrift.core.learners.kalman.KalmanClassifier;
import io.flinkdrift.core.learners.kalman.KalmanClassifierCodec;
import io.flinkdrift.core.learners.kalman.KalmanConfig;
import io.flinkdrift.generators.GeneratorSources;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.operators.learning.PrequentialClassifierFunction;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Prediction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/** The README's DataStream learner snippet, verbatim between the markers. */
public final class DataStreamLearner {

    public static void main(String[] args) throws Exception {
        // README begin
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);                                   // one reader: records arrive in order
        DataStream<Example> examples = env.fromSource(          // 20,000 records of the SEA drift stream
                GeneratorSources.create(Generators.fromSpec("sea"), 20_000, 0, 1),
                WatermarkStrategy.noWatermarks(), "sea");
        KeyedStateSpec<KalmanClassifier> kalman = KeyedStateSpec.of(
                d -> new KalmanClassifier(KalmanConfig.defaults()), KalmanClassifierCodec.class);
        DataStream<Prediction> predictions = examples
                .keyBy(example -> example.key)
                .process(new PrequentialClassifierFunction<>(kalman))
                .uid("classifier");
        long correct = 0;
        long total = 0;
        try (CloseableIterator<Prediction> it = predictions.executeAndCollect()) {
            while (it.hasNext()) {
                Prediction p = it.next();
                correct += p.prediction == p.label ? 1 : 0;
                total++;
            }
        }
        System.out.printf("prequential accuracy %.4f on %d examples%n", (double) correct / total, total);
        // README end
    }
}
