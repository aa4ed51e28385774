package io.flinkdrift.operators.sql;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkdrift.generators.Generators;
import io.flinkdrift.records.Example;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows the SQL tests feed both to a process table function and to the DataStream operator it
 * must equal: the SEA drift stream over three keys, every seventh row unlabelled; for regression
 * the label is a fixed linear function of the features plus a deterministic wiggle.
 */
final class SqlExamples {

    /** The row type of the input table: k, id, features, label. */
    static final TypeInformation<Row> ROW_TYPE = Types.ROW_NAMED(new String[] {"k", "id", "features", "label"},
            Types.STRING, Types.LONG, Types.OBJECT_ARRAY(Types.DOUBLE), Types.DOUBLE);

    private SqlExamples() {}

    /** Example {@code i} of the classification or the regression stream. */
    static Example example(long i, boolean regression) {
        Example sea = Generators.fromSpec("sea").generate(i);
        double label = regression
                ? 0.4 * sea.features[0] - 0.3 * sea.features[1] + 0.1 * sea.features[2] + 0.05 * Math.sin(i)
                : sea.label;
        return new Example(i, "k" + (i % 3), i, sea.features, i % 7 == 6 ? Double.NaN : label,
                Example.UNKNOWN_CONCEPT);
    }

    /** The first {@code count} examples. */
    static List<Example> examples(int count, boolean regression) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            examples.add(example(i, regression));
        }
        return examples;
    }

    /**
     * The first {@code count} examples of the generator {@code spec} (a {@code synthetic:} spec),
     * over three keys, as the density tests read them.
     */
    static List<Example> generated(String spec, int count) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Example e = Generators.fromSpec(spec).generate(i);
            examples.add(new Example(i, "k" + (i % 3), i, e.features, Double.NaN, Example.UNKNOWN_CONCEPT));
        }
        return examples;
    }

    /** A MiniCluster with the two slots the tests' jobs need. */
    static MiniClusterExtension cluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder().setNumberSlotsPerTaskManager(2).build());
    }

    /** Asserts that planning {@code query} fails and that the error or one of its causes says {@code message}. */
    static void assertPlanningFails(TableEnvironment tEnv, String query, String message) {
        ValidationException e = assertThrows(ValidationException.class, () -> tEnv.explainSql(query));
        String all = ExceptionUtils.stringifyException(e);
        assertTrue(all.contains(message), all);
    }

    /**
     * Asserts that planning {@code function} over the view {@code query} of {@code tEnv}'s tables,
     * with {@code arguments} after the table, fails saying {@code message}.
     */
    static void assertPlanningFails(TableEnvironment tEnv, String query, String function, String arguments,
            String message) {
        tEnv.executeSql("CREATE TEMPORARY VIEW input_rows AS " + query);
        assertPlanningFails(tEnv,
                "SELECT * FROM " + function + "(input => TABLE input_rows PARTITION BY k" + arguments + ")", message);
    }

    /** {@code example} as a row of {@link #ROW_TYPE}. */
    static Row row(Example example) {
        Double[] features = new Double[example.features.length];
        for (int i = 0; i < features.length; i++) {
            features[i] = example.features[i];
        }
        return Row.of(example.key, example.id, features, example.labelled() ? example.label : null);
    }
}
