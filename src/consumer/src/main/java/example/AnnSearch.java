package example;

import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.generators.GeneratorSources;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.operators.ann.AnnCommand;
import io.flinkdrift.operators.ann.AnnMaintenance;
import io.flinkdrift.operators.ann.AnnPipeline;
import io.flinkdrift.operators.ann.AnnResult;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/** The README's ann snippet, verbatim between the markers. */
public final class AnnSearch {

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        // README begin
        DataStream<Example> vectors = env.fromSource(            // 16-d vectors from a drifting mixture
                GeneratorSources.create(Generators.fromSpec("mixture?dimension=16&components=20"), 20_000, 0, 1),
                WatermarkStrategy.noWatermarks(), "vectors");
        DataStream<AnnCommand> commands = vectors.<AnnCommand>flatMap((example, out) -> {
            float[] vector = new float[example.features.length];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) example.features[i];
            }
            out.collect(AnnCommand.insert(example.id, example.timestamp, vector));
            if (example.id % 10 == 0) {                          // every 10th vector is also a query
                out.collect(AnnCommand.query(example.id, example.timestamp, vector));
            }
        }).returns(TypeInformation.of(AnnCommand.class));
        AnnPipeline ann = AnnPipeline.builder(new IvfPqConfig(16, 32, 8).withResidualEncoding(true))
                .trainingSize(2_000).maintenance(AnnMaintenance.HYBRID).k(10).nprobe(4)
                .build(commands);
        long answered = 0;
        long foundItself = 0;
        try (CloseableIterator<AnnResult> it = ann.results().executeAndCollect()) {
            while (it.hasNext()) {
                AnnResult result = it.next();
                answered++;
                foundItself += result.ids.length > 0 && result.ids[0] == result.queryId ? 1 : 0;
            }
        }
        System.out.printf("%d queries answered, %d find their own vector first%n", answered, foundItself);
        // README end
    }
}
