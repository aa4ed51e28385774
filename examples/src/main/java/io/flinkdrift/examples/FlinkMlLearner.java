package io.flinkdrift.examples;

import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.operators.learners.LearnerRegistry;
import io.flinkdrift.operators.ml.RegisteredLearner;
import io.flinkdrift.operators.ml.RegisteredLearnerModel;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * A learner through the Flink ML API: {@code kalman-rvfl} fitted on 5,000 records of the SEA
 * generator (one model version at the end), then predicting three points; prints each point's
 * predicted class, its class-1 probability and the model version.
 */
public final class FlinkMlLearner {

    private FlinkMlLearner() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        DriftGenerator sea = Generators.fromSpec("sea");
        List<Row> training = new ArrayList<>();
        for (long i = 0; i < 5_000; i++) {
            Example example = sea.generate(i);
            training.add(Row.of(new DenseVector(example.features), example.label));
        }
        List<Row> points = List.of(
                Row.of(0L, new DenseVector(new double[] {1, 2, 5})),
                Row.of(1L, new DenseVector(new double[] {4, 4.5, 5})),
                Row.of(2L, new DenseVector(new double[] {8, 7, 1})));

        RegisteredLearnerModel model = new RegisteredLearner(LearnerRegistry.classifier("kalman-rvfl"))
                .setFeaturesCol("x").setLabelCol("y").setSnapshotEvery(5_000)
                .fit(table(env, tEnv, training, new String[] {"x", "y"}, DenseVectorTypeInfo.INSTANCE, Types.DOUBLE));
        Table predictions = model.transform(
                table(env, tEnv, points, new String[] {"id", "x"}, Types.LONG, DenseVectorTypeInfo.INSTANCE))[0];
        List<Row> rows = new ArrayList<>();
        tEnv.toDataStream(predictions).executeAndCollect().forEachRemaining(rows::add);
        rows.sort((a, b) -> Long.compare(a.<Long>getFieldAs("id"), b.<Long>getFieldAs("id")));
        for (Row row : rows) {
            System.out.printf("point %d: class %.0f, p(1) %.4f, model version %d%n", row.<Long>getFieldAs("id"),
                    row.<Double>getFieldAs("prediction"), row.<DenseVector>getFieldAs("rawPrediction").get(1),
                    row.<Long>getFieldAs("modelVersion"));
        }
    }

    /** A table of {@code rows} with the given column names and types, read by one source instance. */
    static Table table(StreamExecutionEnvironment env, StreamTableEnvironment tEnv, List<Row> rows,
            String[] names, TypeInformation<?>... types) {
        return tEnv.fromDataStream(env.fromData(rows, new RowTypeInfo(types, names)).setParallelism(1));
    }
}
