package io.flinkdrift.operators.sql;

import io.flinkdrift.core.density.DensityEstimator;
import io.flinkdrift.operators.density.DensityEstimationFunction;
import io.flinkdrift.operators.density.DensityEstimatorDeclaration;
import io.flinkdrift.operators.density.DensityEstimatorRegistry;
import io.flinkdrift.operators.density.DensityScore;
import io.flinkdrift.operators.learners.ParamValues;
import io.flinkdrift.operators.params.ParamText;
import io.flinkdrift.operators.state.CodecSerializer;
import io.flinkdrift.operators.state.KeyedStateSpec;
import io.flinkdrift.records.RejectReason;
import org.apache.flink.table.annotation.ArgumentHint;
import org.apache.flink.table.annotation.ArgumentTrait;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.annotation.StateHint;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.util.List;

/**
 * Drift-aware density scores in SQL (FLIP-440 process table function, Flink 2.1+): one estimator
 * per partition key (Mazzetto and Upfal, ICML 2023 / NeurIPS 2023; see {@code docs/density.md}),
 * the same estimators, order and state format as {@link DensityEstimationFunction}, so each row's
 * score is the one the {@code density} job gives it. Called as
 *
 * <pre>{@code
 * SELECT * FROM density(input => TABLE points PARTITION BY k, estimator => 'adaptive',
 *                       params => 'gridLo=-12, gridHi=12, bins=12')
 * }</pre>
 *
 * <p>The input table needs a column {@code features} (an ARRAY of numbers); every input column is
 * passed through, followed by {@code log_density} (under the estimate before the row is added, a
 * low value is unusual), {@code out_of_range} (outside the histogram grid), {@code added}, {@code
 * window} (after the row), {@code drift} (the estimator's window shrank at this row) and {@code
 * rejection} (the reason a row with NULL or non-finite features, or a first row the grid cannot take,
 * was not scored). {@code estimator} (a name of {@link DensityEstimatorRegistry}, those of the
 * {@code density} job; default {@code experts}) and {@code params} ({@code name=value} pairs of the
 * estimator's params, named as in its {@link DensityEstimatorDeclaration}, e.g. {@code gridLo},
 * {@code gridHi}, {@code bins}, {@code window} of {@code fixed}; an array value such as {@code
 * gridLo} takes one number for every feature or numbers separated by {@code ;}) are checked with
 * the column when the statement is planned (when given as literals; otherwise when a row arrives,
 * an invalid value then failing the job). A param left out keeps the {@code density} job's default.
 */
@FunctionHint(output = @DataTypeHint(
        "ROW<log_density DOUBLE, out_of_range BOOLEAN, added BOOLEAN, `window` INT, drift BOOLEAN, rejection STRING>"))
public class DensityScores extends ProcessTableFunction<Row> {

    private static final long serialVersionUID = 1L;

    private transient Settings boundSettings;
    private transient BoundEstimator<?> estimator;

    /** One input row, as described above. */
    public void eval(@StateHint CodecState estimator,
            @ArgumentHint(value = {ArgumentTrait.SET_SEMANTIC_TABLE, ArgumentTrait.PASS_COLUMNS_THROUGH},
                    name = "input") Row input,
            @ArgumentHint(name = "estimator", isOptional = true) String estimatorName,
            @ArgumentHint(name = "params", isOptional = true) String params) throws IOException {
        try {
            double[] features = TableColumns.numbers(input, PrequentialTableFunction.FEATURES);
            DensityScore score = bound(new Settings(estimatorName, params)).score(estimator, features);
            collect(Row.of(score.logDensity, score.outOfRange, score.added, score.window, score.drift, null));
        } catch (RejectedRow rejected) {
            collect(Row.of(null, null, false, null, false, rejected.column()));
        }
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return TableColumns.checked(super.getTypeInference(typeFactory), "density scores",
                List.of(TableColumns.Column.numericArray(PrequentialTableFunction.FEATURES, "the point")),
                call -> Settings.of(call).factory());
    }

    private BoundEstimator<?> bound(Settings settings) {
        if (estimator == null || !settings.equals(boundSettings)) {
            estimator = new BoundEstimator<>(settings.factory());
            boundSettings = settings;
        }
        return estimator;
    }

    /** The scalar arguments; null where left out. */
    private record Settings(String estimator, String params) {

        static Settings of(CallContext call) {
            return new Settings(TableColumns.constant(call, 1), TableColumns.constant(call, 2));
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        KeyedStateSpec<? extends DensityEstimator> factory() {
            DensityEstimatorDeclaration<?> declaration = DensityEstimatorRegistry.find(
                    estimator == null ? DensityEstimatorRegistry.DEFAULT_ESTIMATOR : estimator);
            ParamValues values = declaration.defaultValues();
            SettingPairs.parse(params).forEach((name, value) -> ParamText.set(declaration, values, name, value));
            return declaration.factory(values);
        }
    }

    /** An estimator factory applied to one partition's estimator, kept in a {@link CodecState}. */
    private static final class BoundEstimator<E extends DensityEstimator> {

        private final KeyedStateSpec<E> factory;
        private final CodecSerializer<E> serializer;

        BoundEstimator(KeyedStateSpec<E> factory) {
            this.factory = factory;
            this.serializer = new CodecSerializer<>(factory.codecClass());
        }

        /** Scores {@code features}, then adds them; the estimator is written back if they were added. */
        DensityScore score(CodecState state, double[] features) throws IOException {
            E current = state.read(serializer);
            if (current == null) {
                try {
                    current = factory.create(features.length);
                } catch (IllegalArgumentException unusableDimension) {
                    throw new RejectedRow(RejectReason.WRONG_DIMENSION, unusableDimension.getMessage());
                }
            }
            DensityScore score = new DensityScore();
            DensityEstimationFunction.scoreThenAdd(current, features, score);
            if (score.added) {
                state.write(serializer, current);
            }
            return score;
        }
    }
}
