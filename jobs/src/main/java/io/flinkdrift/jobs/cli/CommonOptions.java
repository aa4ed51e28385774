package io.flinkdrift.jobs.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options every job shares: where records come from and go to, how input rows become
 * examples, and how the Flink job runs. Parsed by picocli; defaults are shown by {@code <job>
 * --help}.
 */
public final class CommonOptions {

    @Option(names = "--source", paramLabel = "SPEC", defaultValue = "synthetic:sea",
            description = "Where examples come from: file:PATH (a file or a directory of files), "
                    + "kafka:TOPIC, or synthetic:NAME[?param=value&...] (sea, hyperplane, mixture). "
                    + "Default: ${DEFAULT-VALUE}.")
    public String source;

    @Option(names = "--sink", paramLabel = "SPEC", defaultValue = "stdout",
            description = "Where per-record output goes, as JSON lines: stdout, file:DIR (part files, "
                    + "committed on checkpoints and at the end of a bounded input), kafka:TOPIC, or none. "
                    + "Default: ${DEFAULT-VALUE}.")
    public String sink;

    @Option(names = "--dead-letter", paramLabel = "SPEC", defaultValue = "stderr",
            description = "Where rejected input goes, as JSON lines with the raw text, the reason and "
                    + "the position: stderr, stdout, file:DIR, kafka:TOPIC, or none (counted only). "
                    + "Default: ${DEFAULT-VALUE}.")
    public String deadLetter;

    @Option(names = "--format", paramLabel = "csv|json",
            description = "Input format. Default: json for .json/.jsonl files and Kafka, csv otherwise.")
    public String format;

    @Option(names = "--features", paramLabel = "COL,...", split = ",",
            description = "Feature columns. Default: every numeric column except label, key, time and id.")
    public List<String> features = new ArrayList<>();

    @Option(names = "--categorical", paramLabel = "COL,...", split = ",",
            description = "Categorical columns, hashed into --hash-buckets one-hot features after the numeric ones "
                    + "(the hashing trick: unseen values need no rebuild). Default: none.")
    public List<String> categorical = new ArrayList<>();

    @Option(names = "--hash-buckets", paramLabel = "N", defaultValue = "0",
            description = "Number of features the --categorical columns are hashed into, 1..65536; "
                    + "required with them. Default: ${DEFAULT-VALUE}.")
    public int hashBuckets;

    @Option(names = "--dimension", paramLabel = "D", defaultValue = "0",
            description = "Feature dimension every record must have: file and Kafka records with another go to "
                    + "--dead-letter as WRONG_DIMENSION, and a generator of another dimension is refused. "
                    + "0 = each parser takes the dimension of the first record it accepts (ann: the generator's; "
                    + "required there for file and Kafka input). Default: ${DEFAULT-VALUE}.")
    public int dimension;

    @Option(names = "--label", paramLabel = "COL",
            description = "Label column. Default: none (unlabelled input); generators always label.")
    public String label;

    @Option(names = "--classes", paramLabel = "NAME,...", split = ",",
            description = "The fixed class list (index = position); labels outside it are rejected. "
                    + "Default: classes are numbered in order of first appearance.")
    public List<String> classes = new ArrayList<>();

    @Option(names = "--key", paramLabel = "COL", description = "Key column: one model per key. Default: one model.")
    public String key;

    @Option(names = "--time", paramLabel = "COL", description = "Event-time column (milliseconds). Default: the id.")
    public String time;

    @Option(names = "--id", paramLabel = "COL", description = "Id column. Default: the 0-based row number.")
    public String id;

    @Option(names = "--columns", paramLabel = "COL,...", split = ",",
            description = "Column names of headerless CSV input (e.g. from Kafka). Default: the first line "
                    + "of each file is its header.")
    public List<String> columns = new ArrayList<>();

    @Option(names = "--max-line-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Longer input lines are rejected as OVERSIZED_LINE. Default: ${DEFAULT-VALUE}.")
    public int maxLineBytes;

    @Option(names = "--monitor-interval", paramLabel = "SECONDS", defaultValue = "0",
            description = "With file:DIR, keep watching the directory for new files every SECONDS "
                    + "(unbounded run). Default: 0 (read what is there, then stop).")
    public long monitorIntervalSeconds;

    @Option(names = "--max-records", paramLabel = "N", defaultValue = "100000",
            description = "Number of records a synthetic source generates; 0 = unbounded. Default: ${DEFAULT-VALUE}.")
    public long maxRecords;

    @Option(names = "--rate", paramLabel = "RECORDS_PER_SECOND", defaultValue = "0",
            description = "Rate limit of a synthetic source; 0 = as fast as possible. Default: ${DEFAULT-VALUE}.")
    public double rate;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT,...", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE}.")
    public String kafkaBootstrap;

    @Option(names = "--kafka-group", paramLabel = "ID", defaultValue = "flink-drift",
            description = "Kafka consumer group id. Default: ${DEFAULT-VALUE}.")
    public String kafkaGroup;

    @Option(names = "--kafka-offsets", paramLabel = "earliest|latest|committed|timestamp:MS",
            defaultValue = "earliest", description = "Where a Kafka source starts. Default: ${DEFAULT-VALUE}.")
    public String kafkaOffsets;

    @Option(names = "--kafka-bounded",
            description = "Stop a Kafka source at the latest offsets seen at start (a bounded backfill run).")
    public boolean kafkaBounded;

    @Option(names = "--delivery", paramLabel = "exactly-once|at-least-once|none", defaultValue = "exactly-once",
            description = "Delivery guarantee of a Kafka sink; exactly-once commits a transaction on every "
                    + "checkpoint (read with isolation.level=read_committed). Default: ${DEFAULT-VALUE}.")
    public String delivery;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1",
            description = "Parallelism of the keyed operators. Default: ${DEFAULT-VALUE}.")
    public int parallelism;

    @Option(names = "--checkpoint-interval", paramLabel = "MS", defaultValue = "10000",
            description = "Checkpoint interval in milliseconds; 0 disables checkpointing (a file or "
                    + "exactly-once Kafka sink then commits nothing). Default: ${DEFAULT-VALUE}.")
    public long checkpointIntervalMs;

    @Option(names = "--checkpoint-dir", paramLabel = "URI",
            description = "Durable checkpoint storage, e.g. file:///tmp/ckpt or s3://bucket/ckpt. Default: a "
                    + "temporary local directory under java -jar, the cluster's setting under flink run.")
    public String checkpointDir;

    @Option(names = "--restart-attempts", paramLabel = "N",
            description = "Restarts of a failing job (1 s apart) before the run ends with an error. Default: "
                    + "3 under java -jar, the cluster's restart strategy under flink run.")
    public Integer restartAttempts;

    @Option(names = "--state-backend", paramLabel = "heap|rocksdb", defaultValue = "heap",
            description = "Where keyed state lives. Default: ${DEFAULT-VALUE}.")
    public String stateBackend;

    @Option(names = "--kafka-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Before the job starts, every Kafka topic it reads or writes must be reachable within "
                    + "this time, or the run ends with an error. Default: ${DEFAULT-VALUE}.")
    public long kafkaTimeoutSeconds;

    @Option(names = "--max-rejected-fraction", paramLabel = "F", defaultValue = "1",
            description = "A bounded run ends with an error (exit code 1, after its summary) when more than this "
                    + "fraction of the input records was rejected, and always when every record was. "
                    + "Default: ${DEFAULT-VALUE}.")
    public double maxRejectedFraction;

    @Option(names = "--summary", paramLabel = "PATH",
            description = "Write the full JSON summary here when a bounded run ends (the terminal gets a short table).")
    public String summary;

    @Option(names = "--report", paramLabel = "DIR",
            description = "When a bounded run ends, write PNG charts of its summary and an index.html showing them here.")
    public String report;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between progress lines on stderr; 0 = quiet. Default: ${DEFAULT-VALUE}.")
    public long progressIntervalSeconds;

    /** The job command this mixin belongs to; its unmatched arguments are the Kafka properties. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec job;

    /**
     * The pass-through Kafka client properties.
     *
     * @throws IllegalArgumentException for an unknown option that is not {@code --kafka.NAME=VALUE}
     */
    public Map<String, String> kafkaProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> unmatched = job == null ? List.of() : job.commandLine().getUnmatchedArguments();
        for (String arg : unmatched) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--kafka.") || equals <= "--kafka.".length()) {
                throw new IllegalArgumentException("Unknown option '" + arg
                        + "' (Kafka client properties are passed as --kafka.NAME=VALUE)");
            }
            properties.put(arg.substring("--kafka.".length(), equals), arg.substring(equals + 1));
        }
        return properties;
    }
}
