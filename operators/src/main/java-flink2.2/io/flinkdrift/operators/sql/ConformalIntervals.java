package io.flinkdrift.operators.sql;

import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.records.Prediction;
import io.flinkdrift.records.RejectReason;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * Conformal intervals [ŷ − λ̂, ŷ + λ̂] around a regression model's point predictions, in SQL
 * ({@link ConformalTableFunction}): the input table has the numeric columns {@code prediction} (ŷ)
 * and {@code label} (the truth, NULL when unknown); the loss is {@code interval} (miscoverage, the
 * default) or {@code absolute}. Each row gets {@code lower_bound} and {@code upper_bound}, {@code
 * lambda} (λ̂), {@code loss} (the realised loss, NULL when unlabelled), {@code running_risk} (the
 * key's mean loss so far), {@code calibrates} (whether the row's index calibrates the controller),
 * {@code infeasible}, {@code weight_sum} (N<sub>w</sub>), {@code stream_index} and {@code rejection}.
 */
@FunctionHint(output = @DataTypeHint("ROW<lower_bound DOUBLE, upper_bound DOUBLE, lambda DOUBLE, loss DOUBLE,"
        + " running_risk DOUBLE, calibrates BOOLEAN, infeasible BOOLEAN, weight_sum DOUBLE, stream_index BIGINT,"
        + " rejection STRING>"))
public class ConformalIntervals extends ConformalTableFunction {

    private static final long serialVersionUID = 1L;

    /** The column of the point prediction. */
    public static final String PREDICTION = "prediction";

    public ConformalIntervals() {
        super(true, 10);
    }

    @Override
    Prediction prediction(Row input) {
        if (input.getField(PREDICTION) == null) {
            throw new RejectedRow(RejectReason.MISSING_COLUMN, "column '" + PREDICTION + "' is NULL");
        }
        double value = TableColumns.number(input, PREDICTION);
        if (!Double.isFinite(value)) {
            throw new RejectedRow(RejectReason.NON_FINITE_VALUE, PREDICTION + " is " + value);
        }
        Prediction prediction = new Prediction();
        prediction.prediction = value;
        return prediction;
    }

    @Override
    Row answered(ConformalPrediction answer, String refusal) {
        return Row.of(answer.lower, answer.upper, answer.lambda, nullIfNaN(answer.loss), nullIfNaN(answer.runningRisk),
                answer.calibrates, answer.infeasible, answer.weightSum, answer.streamIndex, refusal);
    }

    @Override
    List<TableColumns.Column> columns() {
        return List.of(TableColumns.Column.numeric(PREDICTION, "the point prediction"),
                TableColumns.Column.numeric(PrequentialTableFunction.LABEL, "the truth, NULL when unknown"));
    }
}
