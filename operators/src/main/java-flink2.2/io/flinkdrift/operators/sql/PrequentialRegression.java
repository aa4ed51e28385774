package io.flinkdrift.operators.sql;

import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.records.Prediction;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.types.Row;

/**
 * Keyed prequential regression in SQL ({@link PrequentialTableFunction}): {@code label} is the real
 * target; each row gets the value predicted before the update ({@code prediction}), the {@code
 * model_version} (updates received before this row) and {@code rejection}.
 */
@FunctionHint(output = @DataTypeHint("ROW<prediction DOUBLE, model_version BIGINT, rejection STRING>"))
public class PrequentialRegression extends PrequentialTableFunction {

    private static final long serialVersionUID = 1L;

    public PrequentialRegression() {
        super(LearnerDeclaration.Task.REGRESSION, 3);
    }

    @Override
    Row predicted(BoundLearner.Outcome outcome) {
        Prediction p = outcome.prediction();
        return Row.of(p.prediction, p.modelVersion, outcome.refusal());
    }
}
