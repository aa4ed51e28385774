package io.flinkdrift.operators.sql;

import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.records.Prediction;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * Conformal prediction sets {k : p<sub>k</sub> ≥ 1 − λ̂} over a classifier's class probabilities, in
 * SQL ({@link ConformalTableFunction}): the input table has the columns {@code probabilities} (an
 * ARRAY of numbers, e.g. those of {@code PrequentialClassification}) and {@code label} (the class
 * index, NULL when unknown); the loss is {@code set} (miscoverage, the default) or {@code fnr}
 * (multilabel false-negative rate: the probabilities are per-label scores and the label is the
 * bitmask Σ 2<sup>m</sup> of the positive labels m). Each row gets {@code prediction_set} (the class
 * indices, ascending), {@code set_size}, {@code lambda} (λ̂), {@code loss} (the realised loss, NULL
 * when unlabelled), {@code running_risk} (the key's mean loss so far), {@code calibrates}, {@code
 * infeasible}, {@code weight_sum} (N<sub>w</sub>), {@code stream_index} and {@code rejection}.
 */
@FunctionHint(output = @DataTypeHint("ROW<prediction_set ARRAY<INT>, set_size INT, lambda DOUBLE, loss DOUBLE,"
        + " running_risk DOUBLE, calibrates BOOLEAN, infeasible BOOLEAN, weight_sum DOUBLE, stream_index BIGINT,"
        + " rejection STRING>"))
public class ConformalSets extends ConformalTableFunction {

    private static final long serialVersionUID = 1L;

    /** The column of the class probabilities or label scores. */
    public static final String PROBABILITIES = "probabilities";

    public ConformalSets() {
        super(false, 10);
    }

    @Override
    Prediction prediction(Row input) {
        Prediction prediction = new Prediction();
        prediction.probabilities = TableColumns.numbers(input, PROBABILITIES);
        return prediction;
    }

    @Override
    Row answered(ConformalPrediction answer, String refusal) {
        Integer[] members = new Integer[answer.set.length];
        for (int i = 0; i < members.length; i++) {
            members[i] = answer.set[i];
        }
        return Row.of(members, members.length, answer.lambda, nullIfNaN(answer.loss),
                nullIfNaN(answer.runningRisk), answer.calibrates, answer.infeasible,
                answer.weightSum, answer.streamIndex, refusal);
    }

    @Override
    List<TableColumns.Column> columns() {
        return List.of(TableColumns.Column.numericArray(PROBABILITIES, "the class probabilities"),
                TableColumns.Column.numeric(PrequentialTableFunction.LABEL, "the truth, NULL when unknown"));
    }
}
