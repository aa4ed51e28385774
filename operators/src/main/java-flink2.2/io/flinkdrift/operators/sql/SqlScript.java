package io.flinkdrift.operators.sql;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a SQL script on the cluster it is submitted to, statement by statement, waiting for each
 * {@code INSERT} to finish: {@code flink run -c io.flinkdrift.operators.sql.SqlScript
 * flink-drift-jobs-flink2.2-cluster.jar script.sql}. For clusters without Flink's SQL client, which
 * needs jars (flink-sql-gateway-api) that are not published for Flink 2.1 and 2.2; with it, {@code
 * sql-client.sh -f script.sql} runs the same script.
 *
 * <p>A statement ends with a {@code ;} at the end of a line; lines starting with {@code --} are
 * comments; {@code SET 'key' = 'value'} sets a configuration option for the statements after it.
 */
public final class SqlScript {

    /** {@code SET 'key' = 'value'}, which the SQL client takes and {@code executeSql} does not. */
    private static final Pattern SET = Pattern.compile("SET\\s+'([^']+)'\\s*=\\s*'([^']*)'", Pattern.CASE_INSENSITIVE);

    private SqlScript() {}

    /** Runs the script at {@code args[0]} in streaming mode. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: flink run -c " + SqlScript.class.getName() + " JAR SCRIPT.sql");
            System.exit(2);
        }
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        for (String statement : statements(Path.of(args[0]))) {
            Matcher set = SET.matcher(statement);
            if (set.matches()) {
                tEnv.getConfig().getConfiguration().setString(set.group(1), set.group(2));
                continue;
            }
            TableResult result = tEnv.executeSql(statement);
            if (result.getJobClient().isPresent()) {
                result.await();
            }
        }
    }

    /** The statements of the script at {@code script}, without comments and their final {@code ;}. */
    static List<String> statements(Path script) throws IOException {
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        for (String line : Files.readAllLines(script)) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            String trimmed = line.stripTrailing();
            if (trimmed.endsWith(";")) {
                statement.append(trimmed, 0, trimmed.length() - 1);
                statements.add(statement.toString().strip());
                statement.setLength(0);
            } else {
                statement.append(line).append('\n');
            }
        }
        if (!statement.toString().isBlank()) {
            throw new IllegalArgumentException(script + " ends with a statement without ';'");
        }
        return statements;
    }
}
