package example;

import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.operators.ml.OnlineKalmanClassifier;
import io.flinkdrift.operators.ml.OnlineKalmanClassifierModel;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.List;

/** The README's Flink ML API snippet, verbatim between the markers. */
public final class FlinkMlLearner {

    public static void main(String[] args) throws Exception {
        // README begin
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        DriftGenerator sea = Generators.fromSpec("sea");
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        for (long i = 0; i < 6_000; i++) {
            Example e = sea.generate(i);
            if (i < 5_000) {
                train.add(Row.of(new DenseVector(e.features), e.label));
            } else {
                test.add(Row.of(i, new DenseVector(e.features), e.label));
            }
        }
        Table trainTable = tEnv.fromDataStream(env.fromData(train, Types.ROW_NAMED(
                new String[] {"features", "label"}, DenseVectorTypeInfo.INSTANCE, Types.DOUBLE)));
        Table testTable = tEnv.fromDataStream(env.fromData(test, Types.ROW_NAMED(
                new String[] {"id", "features", "label"}, Types.LONG, DenseVectorTypeInfo.INSTANCE, Types.DOUBLE)));

        OnlineKalmanClassifierModel model = new OnlineKalmanClassifier()
                .setFeaturesCol("features").setLabelCol("label").setSnapshotEvery(1000).setGamma(0.99)
                .fit(trainTable);
        Table predictions = model.transform(testTable)[0];

        long rows = 0;
        long correct = 0;
        try (CloseableIterator<Row> it = tEnv.toDataStream(predictions).executeAndCollect()) {
            while (it.hasNext()) {
                Row row = it.next();
                rows++;
                correct += row.<Double>getFieldAs("prediction").equals(row.getFieldAs("label")) ? 1 : 0;
            }
        }
        System.out.printf("%d rows predicted, %d correctly%n", rows, correct);
        // README end
    }
}
