package io.flinkdrift.examples;

import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.operators.density.DensityEstimatorRegistry;
import io.flinkdrift.operators.density.HasGrid;
import io.flinkdrift.operators.ml.RegisteredDensityEstimator;
import io.flinkdrift.operators.ml.RegisteredDensityModel;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * A density estimator through the Flink ML API: {@code experts} fitted on 4,000 points of the 2-D
 * drifting Gaussian mixture generator (one version at the end), then scoring three points; prints
 * each point's log-density, whether it lies outside the estimator's grid and the model version.
 */
public final class FlinkMlDensity {

    private FlinkMlDensity() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        DriftGenerator mixture = Generators.fromSpec("mixture?dimension=2");
        List<Row> training = new ArrayList<>();
        for (long i = 0; i < 4_000; i++) {
            training.add(Row.of(new DenseVector(mixture.generate(i).features)));
        }
        List<Row> points = List.of(
                Row.of(0L, new DenseVector(new double[] {0, 0})),
                Row.of(1L, new DenseVector(new double[] {2, -1})),
                Row.of(2L, new DenseVector(new double[] {30, 30})));

        RegisteredDensityModel model = new RegisteredDensityEstimator(DensityEstimatorRegistry.find("experts"))
                .set(HasGrid.GRID_LO, new Double[] {-12.0}).set(HasGrid.GRID_HI, new Double[] {12.0})
                .setFeaturesCol("x").setSnapshotEvery(4_000)
                .fit(FlinkMlLearner.table(env, tEnv, training, new String[] {"x"}, DenseVectorTypeInfo.INSTANCE));
        Table scores = model.transform(FlinkMlLearner.table(env, tEnv, points, new String[] {"id", "x"},
                Types.LONG, DenseVectorTypeInfo.INSTANCE))[0];
        List<Row> rows = new ArrayList<>();
        tEnv.toDataStream(scores).executeAndCollect().forEachRemaining(rows::add);
        rows.sort((a, b) -> Long.compare(a.<Long>getFieldAs("id"), b.<Long>getFieldAs("id")));
        for (Row row : rows) {
            System.out.printf("point %d: log-density %.4f, out of range %b, model version %d%n",
                    row.<Long>getFieldAs("id"), row.<Double>getFieldAs("logDensity"),
                    row.<Boolean>getFieldAs("outOfRange"), row.<Long>getFieldAs("modelVersion"));
        }
    }
}
