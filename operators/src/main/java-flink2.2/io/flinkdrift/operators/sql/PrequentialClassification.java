package io.flinkdrift.operators.sql;

import io.flinkdrift.operators.learners.LearnerDeclaration;
import io.flinkdrift.records.Prediction;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.types.Row;

/**
 * Keyed prequential classification in SQL ({@link PrequentialTableFunction}): {@code label} is a
 * class index 0, 1, ...; each row gets the most probable class index before the update ({@code
 * prediction}, -1 before the model's first update), the class {@code probabilities}, the {@code
 * model_version} (updates received before this row) and {@code rejection}.
 */
@FunctionHint(output = @DataTypeHint(
        "ROW<prediction INT, probabilities ARRAY<DOUBLE>, model_version BIGINT, rejection STRING>"))
public class PrequentialClassification extends PrequentialTableFunction {

    private static final long serialVersionUID = 1L;

    public PrequentialClassification() {
        super(LearnerDeclaration.Task.CLASSIFICATION, 4);
    }

    @Override
    Row predicted(BoundLearner.Outcome outcome) {
        Prediction p = outcome.prediction();
        Double[] probabilities = new Double[p.probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = p.probabilities[i];
        }
        return Row.of((int) p.prediction, probabilities, p.modelVersion, outcome.refusal());
    }
}
