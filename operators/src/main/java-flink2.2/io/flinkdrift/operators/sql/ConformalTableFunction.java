package io.flinkdrift.operators.sql;

import io.flinkdrift.operators.conformal.ConformalPrediction;
import io.flinkdrift.operators.conformal.ConformalProgress;
import io.flinkdrift.operators.conformal.KeyedConformal;
import io.flinkdrift.operators.conformal.KeyedConformalState;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.records.Prediction;
import io.flinkdrift.records.RejectReason;
import org.apache.flink.table.annotation.ArgumentHint;
import org.apache.flink.table.annotation.ArgumentTrait;
import org.apache.flink.table.annotation.StateHint;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Keyed conformal risk control of predictions made elsewhere, as a SQL process table function
 * (FLIP-440, Flink 2.1+): one controller per partition key, the controllers, losses and defaults of
 * the {@code conformal} job, and its code path ({@link KeyedConformal}, as in {@code
 * ConformalFunction}), so each row's answer is the one the DataStream operator gives it. The
 * controller state is kept in its codec's versioned format ({@link CodecState}), next to the key's
 * {@link ConformalProgress}. Called as
 *
 * <pre>{@code
 * SELECT * FROM conformal_sets(input => TABLE predictions PARTITION BY k, controller => 'pid',
 *                              params => 'alpha=0.1, calibrateEvery=1')
 * }</pre>
 *
 * <p>The input table needs the model output columns of the subclass and a numeric {@code label}
 * (NULL when unknown); every input column is passed through, followed by the answer's columns. A row
 * whose model output is NULL or not finite is answered with its reason in {@code rejection} and
 * leaves the controller unchanged; a label that is no valid truth for the loss (e.g. a negative
 * class) is reported there too, after the row's answer, and calibrates nothing. {@code loss},
 * {@code controller} and {@code params} ({@link ConformalArguments}) and the columns are checked
 * when the statement is planned (the arguments when given as literals; otherwise when a row
 * arrives, an invalid value then failing the job). Metrics are those of the DataStream operators.
 */
public abstract class ConformalTableFunction extends ProcessTableFunction<Row> {

    private static final long serialVersionUID = 1L;

    private final boolean intervals;
    private final int outputColumns;
    private transient FunctionContext context;
    private transient List<String> boundArguments;
    private transient Bound<?> conformal;

    /**
     * @param intervals whether the function makes intervals (otherwise sets)
     * @param outputColumns the number of output columns, the last being {@code rejection}
     */
    ConformalTableFunction(boolean intervals, int outputColumns) {
        this.intervals = intervals;
        this.outputColumns = outputColumns;
    }

    @Override
    public void open(FunctionContext context) {
        this.context = context;
    }

    /** One input row, as described above. */
    public void eval(@StateHint CodecState calibration, @StateHint ConformalProgress progress,
            @ArgumentHint(value = {ArgumentTrait.SET_SEMANTIC_TABLE, ArgumentTrait.PASS_COLUMNS_THROUGH},
                    name = "input") Row input,
            @ArgumentHint(name = "loss", isOptional = true) String loss,
            @ArgumentHint(name = "controller", isOptional = true) String controller,
            @ArgumentHint(name = "params", isOptional = true) String params) throws IOException {
        Prediction prediction;
        try {
            prediction = prediction(input);
        } catch (RejectedRow rejected) {
            collect(RejectedRow.output(outputColumns, rejected.column()));
            return;
        }
        Bound<?> bound = bound(loss, controller, params);
        bound.conformal.task().attachTruth(TableColumns.number(input, PrequentialTableFunction.LABEL), prediction);
        ConformalPrediction answer = bound.process(calibration, progress, prediction);
        String refusal = prediction.labelled() && Double.isNaN(answer.loss)
                ? new RejectedRow(RejectReason.OUT_OF_RANGE, "label " + prediction.label
                        + " is no valid truth for the loss").column()
                : null;
        collect(answered(answer, refusal));
    }

    /**
     * The model output of {@code input}, without its label.
     *
     * @throws RejectedRow if it is NULL or not finite
     */
    abstract Prediction prediction(Row input);

    /** The output columns of an answered row; {@code refusal} goes to {@code rejection}. */
    abstract Row answered(ConformalPrediction answer, String refusal);

    /** The input columns {@link #prediction} reads, with the label. */
    abstract List<TableColumns.Column> columns();

    /** SQL NULL for a value the answer leaves undefined. */
    static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }


    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return TableColumns.checked(super.getTypeInference(typeFactory),
                intervals ? "conformal intervals" : "conformal sets", columns(),
                call -> ConformalArguments.bind(intervals, TableColumns.constant(call, 1),
                        TableColumns.constant(call, 2), TableColumns.constant(call, 3)));
    }

    private Bound<?> bound(String loss, String controller, String params) {
        List<String> arguments = Arrays.asList(loss, controller, params);
        if (conformal == null || !Objects.equals(arguments, boundArguments)) {
            conformal = new Bound<>(ConformalArguments.bind(intervals, loss, controller, params), context);
            boundArguments = arguments;
        }
        return conformal;
    }

    /**
     * A {@link KeyedConformal} over the state of the partition of the row at hand: the controller
     * state in {@link CodecSerializer}'s bytes, the progress as it is.
     */
    private static final class Bound<S> implements KeyedConformalState<S> {

        private final KeyedConformal<S> conformal;
        private final CodecSerializer<S> serializer;
        private CodecState calibration;
        private ConformalProgress progress;

        Bound(KeyedConformal<S> conformal, FunctionContext context) {
            this.conformal = conformal;
            this.serializer = conformal.calibrationSerializer();
            conformal.open(this, context.getMetricGroup());
        }

        ConformalPrediction process(CodecState calibration, ConformalProgress progress, Prediction prediction)
                throws IOException {
            this.calibration = calibration;
            this.progress = progress;
            return conformal.process(prediction, conformal.task().outputVector(prediction));
        }

        @Override
        public S calibration() throws IOException {
            return calibration.read(serializer);
        }

        @Override
        public ConformalProgress progress() {
            return progress;
        }

        @Override
        public void update(S value, ConformalProgress next) throws IOException {
            calibration.write(serializer, value);
            progress.nextIndex = next.nextIndex;
            progress.evaluated = next.evaluated;
            progress.lossSum = next.lossSum;
        }
    }
}
