package io.flinkdrift.operators.sql;

import io.flinkdrift.operators.learners.LearnerDeclaration;
import org.apache.flink.table.annotation.ArgumentHint;
import org.apache.flink.table.annotation.ArgumentTrait;
import org.apache.flink.table.annotation.StateHint;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Keyed prequential learning as a SQL process table function (FLIP-440, Flink 2.1+): one model per
 * partition key, the same learners ({@code io.flinkdrift.operators.learners.LearnerRegistry}), the
 * same prequential order and the same state format as the DataStream operators, so the results are
 * those of {@code PrequentialClassifierFunction} and {@code PrequentialRegressorFunction} on the
 * same rows. Called as
 *
 * <pre>{@code
 * SELECT * FROM classify(input => TABLE examples PARTITION BY k, learner => 'kalman', params => 'gamma=0.99')
 * }</pre>
 *
 * <p>The input table needs a column {@code features} (an ARRAY of numbers) and a numeric column
 * {@code label} (NULL for an unlabelled row); every input column is passed through, followed by the
 * function's columns. Each row is predicted with the partition's model as it is, then the model
 * learns the label. A row the model cannot use (NULL or non-finite features, another number of
 * features than the partition's first row) is answered with its reason in {@code rejection} and
 * leaves the model unchanged; a label the model cannot take is reported there too, after the row's
 * prediction.
 *
 * <p>{@code learner} (default: the first learner of the task), {@code params}, the columns and their
 * types are checked when the statement is planned (the arguments when given as literals; otherwise
 * when a row arrives, an invalid value then failing the job). The model is read from and written to
 * state once per row, as the DataStream operators do without bundles.
 */
public abstract class PrequentialTableFunction extends ProcessTableFunction<Row> {

    private static final long serialVersionUID = 1L;

    /** The column of the features. */
    public static final String FEATURES = "features";

    /** The column of the label. */
    public static final String LABEL = "label";

    private final LearnerDeclaration.Task task;
    private final int outputColumns;
    private transient String boundLearner;
    private transient String boundParams;
    private transient BoundLearner<?> learner;

    /** @param outputColumns the number of output columns, the last being {@code rejection} */
    PrequentialTableFunction(LearnerDeclaration.Task task, int outputColumns) {
        this.task = task;
        this.outputColumns = outputColumns;
    }

    /** One input row, as described above. */
    public void eval(@StateHint CodecState model,
            @ArgumentHint(value = {ArgumentTrait.SET_SEMANTIC_TABLE, ArgumentTrait.PASS_COLUMNS_THROUGH},
                    name = "input") Row input,
            @ArgumentHint(name = "learner", isOptional = true) String learner,
            @ArgumentHint(name = "params", isOptional = true) String params) throws IOException {
        double[] features;
        try {
            features = TableColumns.numbers(input, FEATURES);
        } catch (RejectedRow rejected) {
            collect(RejectedRow.output(outputColumns, rejected.column()));
            return;
        }
        try {
            BoundLearner.Outcome outcome = bound(learner, params)
                    .predictThenLearn(model, features, TableColumns.number(input, LABEL));
            collect(predicted(outcome));
        } catch (RejectedRow rejected) {
            collect(RejectedRow.output(outputColumns, rejected.column()));
        }
    }

    /** The output columns of a predicted row; {@code rejection} holds a refused label's reason. */
    abstract Row predicted(BoundLearner.Outcome outcome);

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        String name = task == LearnerDeclaration.Task.CLASSIFICATION ? "prequential classification"
                : "prequential regression";
        return TableColumns.checked(super.getTypeInference(typeFactory), name,
                List.of(TableColumns.Column.numericArray(FEATURES, "the features"),
                        TableColumns.Column.numeric(LABEL, "the label, NULL when unknown")),
                call -> LearnerArguments.bind(task, TableColumns.constant(call, 1), TableColumns.constant(call, 2)));
    }

    private BoundLearner<?> bound(String learnerName, String params) {
        if (learner == null || !Objects.equals(learnerName, boundLearner) || !Objects.equals(params, boundParams)) {
            learner = LearnerArguments.bind(task, learnerName, params);
            boundLearner = learnerName;
            boundParams = params;
        }
        return learner;
    }
}
