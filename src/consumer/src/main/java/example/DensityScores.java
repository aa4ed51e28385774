package example;

import io.flinkdrift.generators.GeneratorSources;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.operators.density.DensityBuilder;
import io.flinkdrift.operators.density.DensityScore;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/** The README's density snippet, verbatim between the markers. */
public final class DensityScores {

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        // README begin
        DataStream<Example> examples = env.fromSource(           // a 2-d Gaussian mixture that jumps
                GeneratorSources.create(Generators.fromSpec("mixture?mode=abrupt&period=4000"), 20_000, 0, 1),
                WatermarkStrategy.noWatermarks(), "mixture");
        DataStream<DensityScore> scores = examples
                .keyBy(example -> example.key)
                .process(DensityBuilder.of(DensityBuilder.Estimator.EXPERTS).grid(-12, 12, 16).function())
                .uid("density");
        double logDensity = 0;
        long scored = 0;
        long drifts = 0;
        try (CloseableIterator<DensityScore> it = scores.executeAndCollect()) {
            while (it.hasNext()) {
                DensityScore s = it.next();
                if (Double.isFinite(s.logDensity)) {             // the first element has no estimate
                    logDensity += s.logDensity;
                    scored++;
                }
                drifts += s.drift ? 1 : 0;
            }
        }
        System.out.printf("mean log-density %.4f over %d scores, %d drift events%n",
                logDensity / scored, scored, drifts);
        // README end
    }
}
