package io.flinkdrift.operators.sql;

import io.flinkdrift.records.RejectReason;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.functions.TableSemantics;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.ArgumentCount;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.InputTypeStrategy;
import org.apache.flink.table.types.inference.Signature;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.types.Row;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The columns a process table function reads from its table argument (the first argument), by
 * name, and the constant scalar arguments it takes: both are checked when the statement is planned,
 * so that a missing column, a column of the wrong type or an invalid setting fails before the job
 * is submitted, with a message that names the function, the column or argument and what it needs
 * (scalar arguments given as expressions rather than literals are checked when a row arrives).
 * Other columns of the table are passed through untouched.
 */
final class TableColumns {

    /** A column of the table argument. */
    record Column(String name, String requirement, Predicate<LogicalType> accepts) {

        /** A numeric column: any exact or approximate SQL number, NULL allowed. */
        static Column numeric(String name, String meaning) {
            return new Column(name, "a numeric column (" + meaning + ")", TableColumns::isNumber);
        }

        /** An array of numbers: {@code ARRAY<DOUBLE>}, {@code ARRAY<INT>}, {@code ARRAY<DECIMAL(p, s)>}... */
        static Column numericArray(String name, String meaning) {
            return new Column(name, "an ARRAY of numbers (" + meaning + ")",
                    type -> type instanceof ArrayType array && isNumber(array.getElementType()));
        }
    }

    /** Validates the constant scalar arguments; throws {@link IllegalArgumentException} naming the invalid one. */
    @FunctionalInterface
    interface ArgumentCheck {
        void check(CallContext call);
    }

    private TableColumns() {}

    /**
     * The type inference that Flink extracted from the function's {@code eval}, with its input
     * checked first: the table argument must have every one of {@code columns}, and {@code arguments}
     * must accept the scalar arguments.
     *
     * @param function the function's name in messages
     */
    static TypeInference checked(TypeInference extracted, String function, List<Column> columns,
            ArgumentCheck arguments) {
        InputTypeStrategy input = extracted.getInputTypeStrategy();
        InputTypeStrategy checkedInput = new InputTypeStrategy() {
            @Override
            public ArgumentCount getArgumentCount() {
                return input.getArgumentCount();
            }

            @Override
            public Optional<List<DataType>> inferInputTypes(CallContext call, boolean throwOnFailure) {
                Optional<TableSemantics> table = call.getTableSemantics(0);
                if (table.isPresent()) {
                    String problem = problem(table.get().dataType(), columns);
                    if (problem != null) {
                        return call.fail(throwOnFailure, "%s: %s", function, problem);
                    }
                }
                try {
                    arguments.check(call);
                } catch (NotConstant e) {
                    // checked when a row arrives
                } catch (IllegalArgumentException e) {
                    return call.fail(throwOnFailure, "%s: %s", function, e.getMessage());
                }
                return input.inferInputTypes(call, throwOnFailure);
            }

            @Override
            public List<Signature> getExpectedSignatures(FunctionDefinition definition) {
                return input.getExpectedSignatures(definition);
            }
        };
        TypeInference.Builder builder = TypeInference.newBuilder()
                .inputTypeStrategy(checkedInput)
                .stateTypeStrategies(extracted.getStateTypeStrategies())
                .outputTypeStrategy(extracted.getOutputTypeStrategy());
        extracted.getStaticArguments().ifPresent(builder::staticArguments);
        return builder.build();
    }

    /**
     * The value of the STRING argument at {@code position} when the call gives it as a literal, or
     * null when the call leaves it out.
     *
     * @throws NotConstant if the argument is an expression: it is then checked when a row arrives,
     *     and an invalid value fails the job
     */
    static String constant(CallContext call, int position) {
        if (call.isArgumentNull(position)) {
            return null;
        }
        if (!call.isArgumentLiteral(position)) {
            throw new NotConstant();
        }
        return call.getArgumentValue(position, String.class).orElseThrow(NotConstant::new);
    }

    /** A scalar argument that is not a literal, so cannot be checked when the statement is planned. */
    static final class NotConstant extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NotConstant() {
            super(null, null, false, false);
        }
    }

    /** Why {@code table} lacks one of {@code columns}, or null if it has them all. */
    private static String problem(DataType table, List<Column> columns) {
        List<String> names = DataType.getFieldNames(table);
        List<DataType> types = DataType.getFieldDataTypes(table);
        for (Column column : columns) {
            int index = names.indexOf(column.name());
            if (index < 0) {
                return "the input table has no column '" + column.name() + "', which must be "
                        + column.requirement() + "; its columns are " + String.join(", ", names);
            }
            LogicalType type = types.get(index).getLogicalType();
            if (!column.accepts().test(type)) {
                return "column '" + column.name() + "' is " + type.asSummaryString() + " but must be "
                        + column.requirement();
            }
        }
        return null;
    }

    private static boolean isNumber(LogicalType type) {
        return type.is(LogicalTypeFamily.NUMERIC);
    }

    /**
     * The numbers of the array column {@code name} of {@code row}.
     *
     * @throws RejectedRow for a NULL array, a NULL element or a number that is not finite
     */
    static double[] numbers(Row row, String name) {
        Object[] values = row.getFieldAs(name);
        if (values == null) {
            throw new RejectedRow(RejectReason.MISSING_COLUMN, "column '" + name + "' is NULL");
        }
        double[] numbers = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new RejectedRow(RejectReason.MISSING_COLUMN, name + "[" + (i + 1) + "] is NULL");
            }
            numbers[i] = ((Number) values[i]).doubleValue();
            if (!Double.isFinite(numbers[i])) {
                throw new RejectedRow(RejectReason.NON_FINITE_VALUE, name + "[" + (i + 1) + "] is " + numbers[i]);
            }
        }
        return numbers;
    }

    /** The number in column {@code name} of {@code row}, NaN when it is NULL. */
    static double number(Row row, String name) {
        Number value = row.getFieldAs(name);
        return value == null ? Double.NaN : value.doubleValue();
    }

}
