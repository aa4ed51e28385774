package io.flinkdrift.io;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

import javax.annotation.Nullable;

/** Sinks that write records as JSON lines ({@link JsonLines}). */
public final class Sinks {

    /** Suffix of the part files written by {@link #jsonLinesFile}. */
    public static final String PART_SUFFIX = ".jsonl";

    private Sinks() {}

    /** One JSON line per record on the task manager's standard output; no delivery guarantee. */
    public static <T> Sink<T> stdout() {
        return PrintJsonSink.create(false);
    }

    /** One JSON line per record on the task manager's standard error; no delivery guarantee. */
    public static <T> Sink<T> stderr() {
        return PrintJsonSink.create(true);
    }

    /**
     * JSON-lines part files ({@code part-<uid>-<subtask>-<n>.jsonl}) directly in {@code directory}.
     * Files are in-progress (hidden, dot-prefixed) until committed, which happens on each completed
     * checkpoint and at the end of a bounded input's final checkpoint: checkpointing must be enabled,
     * otherwise no file is ever committed. Exactly-once with checkpointing.
     *
     * @param directory a directory on any Flink file system; created if missing
     */
    public static <T> FileSink<T> jsonLinesFile(String directory) {
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("directory must be non-blank, got '" + directory + "'");
        }
        return FileSink.forRowFormat(new Path(directory), JsonLines.<T>encoder())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(OutputFileConfig.builder().withPartSuffix(PART_SUFFIX).build())
                .build();
    }

    /** A Kafka JSON-lines sink; see {@link KafkaConnectors#jsonSink}. */
    public static <T> Sink<T> kafka(
            KafkaOptions options, DeliveryGuarantee guarantee, @Nullable String transactionalIdPrefix) {
        return KafkaConnectors.jsonSink(options, guarantee, transactionalIdPrefix);
    }
}
