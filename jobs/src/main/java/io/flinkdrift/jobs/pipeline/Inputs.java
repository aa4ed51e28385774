package io.flinkdrift.jobs.pipeline;

import io.flinkdrift.formats.ExampleParser;
import io.flinkdrift.formats.FormatSpec;
import io.flinkdrift.formats.InputCheck;
import io.flinkdrift.formats.LineEventTime;
import io.flinkdrift.formats.ParseFunction;
import io.flinkdrift.generators.DriftGenerator;
import io.flinkdrift.generators.GeneratorSources;
import io.flinkdrift.generators.Generators;
import io.flinkdrift.io.FileSources;
import io.flinkdrift.io.KafkaConnectors;
import io.flinkdrift.io.KafkaOptions;
import io.flinkdrift.io.KafkaReachability;
import io.flinkdrift.jobs.cli.CommonOptions;
import io.flinkdrift.jobs.cli.Endpoint;
import io.flinkdrift.jobs.runtime.RunFailure;
import io.flinkdrift.records.Example;
import io.flinkdrift.records.Label;
import io.flinkdrift.records.TextLine;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Builds a job's input from {@code --source} and the format options: files and Kafka topics are
 * read as lines and parsed (bad lines go to the dead-letter stream), generators emit examples
 * directly. Event time comes from {@link Example#timestamp} with watermarks that trail the largest
 * timestamp seen by {@link #MAX_OUT_OF_ORDERNESS}: per Kafka partition when the format has a time or
 * id column, otherwise per reader.
 */
public final class Inputs {

    /** How far event time may go backwards in the input before records count as late. */
    public static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    /**
     * How long a Kafka partition may deliver nothing before its watermark stops holding back the
     * others (an empty partition would otherwise stop event time forever). A partition that resumes
     * after a longer pause with older event times than the others' is late.
     */
    public static final Duration IDLE_PARTITION_TIMEOUT = Duration.ofSeconds(30);

    private Inputs() {}

    /**
     * The input of {@code --source} (at most {@code --max-records} examples from a generator, records of
     * {@code --dimension} features), with the operator uids "source", "parse" and "event-time".
     *
     * @param labelKind how labels are read from files and Kafka: class names or real targets
     * @throws IllegalArgumentException for an invalid source, format option or dimension
     */
    public static ExampleInput open(StreamExecutionEnvironment env, CommonOptions options,
            FormatSpec.LabelKind labelKind) {
        return open(env, options, "--source", options.source, options.maxRecords, labelKind, options.dimension,
                ExampleParser.MAX_MAGNITUDE, "");
    }

    /**
     * A further input read like {@code --source}: {@code file:PATH}, {@code kafka:TOPIC} or
     * {@code synthetic:NAME[?..]}, with the same format options and event-time watermarks.
     *
     * @param option the option the spec came from, for error messages
     * @param spec the input's endpoint
     * @param maxRecords examples a generator emits, &ge; 0 (0: unbounded); ignored for files and Kafka
     * @param labelKind how labels are read from files and Kafka: class names or real targets
     * @param dimension the feature dimension records must have, &ge; 0: file and Kafka records with
     *     another are rejected as {@link io.flinkdrift.records.RejectReason#WRONG_DIMENSION}, a
     *     generator with another is refused; 0 lets each parser's first accepted record fix it
     * @param maxMagnitude the largest magnitude of a feature or label read from files and Kafka, in (0,
     *     {@link ExampleParser#MAX_MAGNITUDE}]; records beyond it are rejected as {@link
     *     io.flinkdrift.records.RejectReason#OUT_OF_RANGE}
     * @param uidPrefix prepended to the operator uids ("source", "parse", "event-time"), so that two
     *     inputs of one job have distinct uids; "" for the main input
     * @throws IllegalArgumentException for an invalid spec, format option, maxRecords or dimension
     */
    public static ExampleInput open(StreamExecutionEnvironment env, CommonOptions options, String option,
            String spec, long maxRecords, FormatSpec.LabelKind labelKind, int dimension, double maxMagnitude,
            String uidPrefix) {
        Endpoint source = Endpoint.parse(option, spec,
                Endpoint.Scheme.FILE, Endpoint.Scheme.KAFKA, Endpoint.Scheme.SYNTHETIC);
        if (dimension < 0) {
            throw new IllegalArgumentException("--dimension must be >= 0, got " + dimension);
        }
        WatermarkStrategy<Example> watermarks = WatermarkStrategy
                .<Example>forBoundedOutOfOrderness(MAX_OUT_OF_ORDERNESS)
                .withTimestampAssigner((example, previous) -> example.timestamp);
        if (source.scheme() == Endpoint.Scheme.SYNTHETIC) {
            DriftGenerator generator = Generators.fromSpec(source.argument());
            if (dimension > 0 && dimension != generator.dimension()) {
                throw new IllegalArgumentException("--dimension " + dimension + " does not match " + option
                        + " " + spec + ", whose dimension is " + generator.dimension());
            }
            if (maxRecords < 0) {
                throw new IllegalArgumentException("--max-records must be >= 0, got " + maxRecords);
            }
            long count = maxRecords == 0 ? Long.MAX_VALUE : maxRecords;
            // Each reader emits the keys its subtask owns, in index order: each key's model sees its
            // examples in index order, a run is reproducible at any parallelism, and no keyBy is needed.
            DataStream<Example> examples = env
                    .fromSource(GeneratorSources.create(generator, count, options.rate, env.getMaxParallelism()),
                            watermarks, "synthetic:" + generator.name())
                    .uid(uidPrefix + "source");
            return new ExampleInput(examples, null, true);
        }
        FormatSpec format = formatSpec(options, source, labelKind, dimension, maxMagnitude);
        if (source.scheme() == Endpoint.Scheme.FILE) {
            checkFile(option, spec, source.argument(), format, options);
        } else {
            checkKafka(options, source.argument(), true);
        }
        // Files are read by one reader, in order, so that row numbers and headers are well defined;
        // class indices by first appearance need a single parser for Kafka too.
        int readers = source.scheme() == Endpoint.Scheme.FILE || format.classOrderDependsOnArrival()
                ? 1 : env.getParallelism();
        // A reader of several Kafka partitions gets each one's backlog in bursts: a watermark over
        // all of them would pass the records of a partition read later, so each partition has its own.
        boolean perPartition = source.scheme() == Endpoint.Scheme.KAFKA
                && (format.timeColumn() != null || format.idColumn() != null);
        DataStream<TextLine> lines = source.scheme() == Endpoint.Scheme.FILE
                ? fileLines(env, options, source.argument(), readers, uidPrefix + "source")
                : kafkaLines(env, options, source.argument(), readers, uidPrefix + "source",
                        perPartition ? partitionWatermarks(format) : WatermarkStrategy.noWatermarks());
        SingleOutputStreamOperator<Example> examples = lines
                .process(new ParseFunction(format))
                .name("parse " + format.format().name().toLowerCase(Locale.ROOT))
                .uid(uidPrefix + "parse")
                .setParallelism(readers);
        return new ExampleInput(perPartition ? examples
                : examples.assignTimestampsAndWatermarks(watermarks).name("event time").uid(uidPrefix + "event-time")
                        .setParallelism(readers),
                examples.getSideOutput(ParseFunction.REJECTED), false);
    }

    /**
     * Watermarks generated by the Kafka source per partition from the event time of each line
     * ({@link LineEventTime}), trailing by {@link #MAX_OUT_OF_ORDERNESS}; a partition idle for
     * {@link #IDLE_PARTITION_TIMEOUT} does not hold the others back.
     */
    private static WatermarkStrategy<TextLine> partitionWatermarks(FormatSpec format) {
        return WatermarkStrategy.<TextLine>forBoundedOutOfOrderness(MAX_OUT_OF_ORDERNESS)
                .withTimestampAssigner(context -> new LineEventTime(format))
                .withIdleness(IDLE_PARTITION_TIMEOUT);
    }

    /**
     * Labels that arrive separately from the examples, as JSON lines from {@code file:PATH} or
     * {@code kafka:TOPIC}; event time is {@link Label#timestamp} with the same watermarks as the
     * examples, and bad lines go to the returned rejected stream.
     *
     * @param option the option the spec came from, for error messages
     * @throws IllegalArgumentException for an invalid spec
     */
    public static LabelInput labels(StreamExecutionEnvironment env, CommonOptions options, String option,
            String spec) {
        Endpoint source = Endpoint.parse(option, spec, Endpoint.Scheme.FILE, Endpoint.Scheme.KAFKA);
        if (source.scheme() == Endpoint.Scheme.FILE) {
            checkFile(option, spec, source.argument(), null, options);
        } else {
            checkKafka(options, source.argument(), true);
        }
        int readers = source.scheme() == Endpoint.Scheme.FILE ? 1 : env.getParallelism();
        DataStream<TextLine> lines = source.scheme() == Endpoint.Scheme.FILE
                ? fileLines(env, options, source.argument(), readers, "labels-source")
                : kafkaLines(env, options, source.argument(), readers, "labels-source",
                        WatermarkStrategy.noWatermarks());
        SingleOutputStreamOperator<Label> labels = lines
                .process(new LabelParseFunction())
                .name("parse labels")
                .uid("parse-labels")
                .setParallelism(readers);
        WatermarkStrategy<Label> watermarks = WatermarkStrategy
                .<Label>forBoundedOutOfOrderness(MAX_OUT_OF_ORDERNESS)
                .withTimestampAssigner((label, previous) -> label.timestamp);
        return new LabelInput(
                labels.assignTimestampsAndWatermarks(watermarks).name("label event time").uid("label-event-time")
                        .setParallelism(readers),
                labels.getSideOutput(LabelParseFunction.REJECTED));
    }

    /**
     * Refuses a file input that does not exist, cannot be read or, when {@code format} is given,
     * does not fit it ({@link InputCheck}).
     *
     * @throws RunFailure naming the option and the problem
     */
    private static void checkFile(String option, String spec, String path, FormatSpec format, CommonOptions options) {
        List<String> firstLines;
        try {
            firstLines = FileSources.firstLines(new Path(path), 2, options.maxLineBytes);
        } catch (FileNotFoundException e) {
            throw new RunFailure(option + " " + spec + ": no such file or directory");
        } catch (IOException e) {
            throw new RunFailure(option + " " + spec + " cannot be read: " + e.getMessage(), e);
        }
        String problem = format == null ? null : InputCheck.problem(format, firstLines);
        if (problem != null) {
            throw new RunFailure(option + " " + spec + ": " + problem);
        }
    }

    /**
     * Refuses a Kafka topic whose cluster does not answer within {@code --kafka-timeout}, or that
     * does not exist when the job reads it.
     *
     * @throws RunFailure with the reason
     */
    static void checkKafka(CommonOptions options, String topic, boolean read) {
        if (options.kafkaTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--kafka-timeout must be >= 1, got " + options.kafkaTimeoutSeconds);
        }
        try {
            KafkaReachability.check(kafkaOptions(options, topic), Duration.ofSeconds(options.kafkaTimeoutSeconds), read);
        } catch (IllegalStateException e) {
            throw new RunFailure(e.getMessage(), e);
        }
    }

    private static DataStream<TextLine> fileLines(StreamExecutionEnvironment env, CommonOptions options, String path,
            int readers, String uid) {
        Duration monitor = options.monitorIntervalSeconds > 0 ? Duration.ofSeconds(options.monitorIntervalSeconds) : null;
        return env.fromSource(FileSources.lines(List.of(new Path(path)), monitor, options.maxLineBytes),
                        WatermarkStrategy.noWatermarks(), "file:" + path)
                .uid(uid)
                .setParallelism(readers);
    }

    private static DataStream<TextLine> kafkaLines(StreamExecutionEnvironment env, CommonOptions options, String topic,
            int readers, String uid, WatermarkStrategy<TextLine> watermarks) {
        KafkaSourceBuilder<TextLine> builder =
                KafkaConnectors.lineSourceBuilder(kafkaOptions(options, topic), options.maxLineBytes);
        if (options.kafkaBounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(builder.build(), watermarks, "kafka:" + topic)
                .uid(uid)
                .setParallelism(readers);
    }

    /** The Kafka options of {@code topic} from the command line. */
    public static KafkaOptions kafkaOptions(CommonOptions options, String topic) {
        return new KafkaOptions(options.kafkaBootstrap, topic)
                .withGroupId(options.kafkaGroup)
                .withStartingOffsets(options.kafkaOffsets)
                .withProperties(options.kafkaProperties());
    }

    private static FormatSpec formatSpec(CommonOptions options, Endpoint source, FormatSpec.LabelKind labelKind,
            int dimension, double maxMagnitude) {
        FormatSpec.Builder builder = FormatSpec.builder(format(options, source))
                .featureColumns(options.features)
                .categoricalColumns(options.categorical)
                .hashBuckets(options.hashBuckets)
                .expectedDimension(dimension)
                .maxMagnitude(maxMagnitude)
                .classes(options.classes)
                .csvColumns(options.columns.isEmpty() ? null : options.columns);
        if (options.label != null) {
            builder.labelColumn(options.label).labelKind(labelKind);
        }
        if (options.key != null) {
            builder.keyColumn(options.key);
        }
        if (options.time != null) {
            builder.timeColumn(options.time);
        }
        if (options.id != null) {
            builder.idColumn(options.id);
        }
        return builder.build();
    }

    private static FormatSpec.Format format(CommonOptions options, Endpoint source) {
        if (options.format != null) {
            switch (options.format.toLowerCase(Locale.ROOT)) {
                case "csv":
                    return FormatSpec.Format.CSV;
                case "json":
                    return FormatSpec.Format.JSON;
                default:
                    throw new IllegalArgumentException("--format must be csv or json, got '" + options.format + "'");
            }
        }
        String name = source.argument().toLowerCase(Locale.ROOT);
        boolean json = source.scheme() == Endpoint.Scheme.KAFKA || name.endsWith(".json") || name.endsWith(".jsonl");
        return json ? FormatSpec.Format.JSON : FormatSpec.Format.CSV;
    }
}
