package io.flinkdrift.examples;

import io.flinkdrift.operators.conformal.ConformalRegistry;
import io.flinkdrift.operators.conformal.HasAlpha;
import io.flinkdrift.operators.conformal.HasCalibrateEvery;
import io.flinkdrift.operators.conformal.HasLambdaGrid;
import io.flinkdrift.operators.ml.RegisteredConformalEstimator;
import io.flinkdrift.operators.ml.RegisteredConformalModel;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Conformal risk control through the Flink ML API: {@code nex-crc} with the interval loss at α = 0.1
 * calibrated on 2,000 outputs of a point predictor whose error doubles after the first 1,000 (one
 * version at the end), then answering 1,000 new outputs; prints λ̂ and the interval width of that
 * version, and the coverage and mean loss on the new rows.
 */
public final class FlinkMlConformal {

    private FlinkMlConformal() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        SplittableRandom random = new SplittableRandom(11);
        List<Row> calibration = new ArrayList<>();
        List<Row> fresh = new ArrayList<>();
        for (long i = 0; i < 3_000; i++) {
            double yhat = Math.sin(i / 50.0);
            double y = yhat + (i < 1_000 ? 0.5 : 1.0) * random.nextGaussian();
            (i < 2_000 ? calibration : fresh).add(Row.of(i, yhat, y));
        }
        String[] names = {"id", "yhat", "y"};

        RegisteredConformalModel model = new RegisteredConformalEstimator(
                        ConformalRegistry.controller("nex-crc"), ConformalRegistry.loss("interval"))
                .set(HasAlpha.ALPHA, 0.1).set(HasLambdaGrid.GRID, "0:4:201")
                .set(HasCalibrateEvery.CALIBRATE_EVERY, 1) // the predictor never trains on these rows
                .setPredictionCol("yhat").setLabelCol("y").setSnapshotEvery(2_000)
                .fit(FlinkMlLearner.table(env, tEnv, calibration, names, Types.LONG, Types.DOUBLE, Types.DOUBLE));
        Table answers = model.transform(
                FlinkMlLearner.table(env, tEnv, fresh, names, Types.LONG, Types.DOUBLE, Types.DOUBLE))[0];
        List<Row> rows = new ArrayList<>();
        tEnv.toDataStream(answers).executeAndCollect().forEachRemaining(rows::add);
        rows.sort((a, b) -> Long.compare(a.<Long>getFieldAs("id"), b.<Long>getFieldAs("id")));
        Row first = rows.get(0);
        System.out.printf("model version %d: lambda %.2f, interval width %.2f%n",
                first.<Long>getFieldAs("modelVersion"), first.<Double>getFieldAs("lambda"),
                first.<Double>getFieldAs("upper") - first.<Double>getFieldAs("lower"));
        double loss = 0;
        for (Row row : rows) {
            loss += row.<Double>getFieldAs("loss");
        }
        System.out.printf("%d new rows: miscoverage %.4f (target 0.1)%n", rows.size(), loss / rows.size());
    }
}
