package io.flinkdrift.operators.ml;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.util.Arrays;

/** The output of a model's {@code transform}: every input column, followed by the model's columns. */
final class AppendedColumns {

    private AppendedColumns() {}

    /** The type of {@code input}'s rows followed by the columns {@code names} of {@code types}. */
    static RowTypeInfo type(RowTypeInfo input, String[] names, TypeInformation<?>... types) {
        int arity = input.getArity();
        TypeInformation<?>[] allTypes = Arrays.copyOf(input.getFieldTypes(), arity + types.length);
        String[] allNames = Arrays.copyOf(input.getFieldNames(), arity + names.length);
        System.arraycopy(types, 0, allTypes, arity, types.length);
        System.arraycopy(names, 0, allNames, arity, names.length);
        return new RowTypeInfo(allTypes, allNames);
    }

    /** {@code row}'s fields followed by {@code values}, in a row of the same kind. */
    static Row row(Row row, Object... values) {
        Row result = new Row(row.getKind(), row.getArity() + values.length);
        for (int i = 0; i < row.getArity(); i++) {
            result.setField(i, row.getField(i));
        }
        for (int i = 0; i < values.length; i++) {
            result.setField(row.getArity() + i, values[i]);
        }
        return result;
    }
}
