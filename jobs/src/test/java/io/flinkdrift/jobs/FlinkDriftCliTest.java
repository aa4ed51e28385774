package io.flinkdrift.jobs;

import io.flinkdrift.jobs.runtime.JobEnvironments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad options end in one line on stderr and exit code 2, and unusable inputs (a missing file, a
 * header without a named column, a text feature column, an unreachable Kafka cluster) in one line
 * and exit code 1, before any job is built or submitted (the timeout catches a regression where a
 * job starts anyway).
 */
@Timeout(60)
class FlinkDriftCliTest extends CommandLineTest {

    @TempDir
    Path directory;

    @Test
    void helpListsTheJobs() {
        assertEquals(0, execute("--help"));
        assertTrue(out.toString().contains("classify"), out.toString());
    }

    @Test
    void jobHelpListsOptionsWithDefaults() {
        assertEquals(0, execute("classify", "--help"));
        assertTrue(out.toString().contains("--learner") && out.toString().contains("Default: ensemble-switch"), out.toString());
    }

    @Test
    void unknownJobIsAUsageError() {
        assertEquals(2, execute("clasify"));
        assertOneLineError("clasify");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, execute("classify", "--learnr", "kalman"));
        assertOneLineError("--learnr");
    }

    @Test
    void invalidValuesAreUsageErrors() {
        assertEquals(2, execute("classify", "--learner", "svm"));
        assertOneLineError("svm");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--source", "ftp:x"));
        assertOneLineError("file:PATH | kafka:TOPIC | synthetic:NAME");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--source", "synthetic:sea?noise=2"));
        assertOneLineError("noise");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--parallelism", "zero"));
        assertOneLineError("--parallelism");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--state-backend", "disk"));
        assertOneLineError("heap or rocksdb");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--calibrate", "isotonic"));
        assertOneLineError("--calibrate must be none, platt or platt-tracking");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--learner", "majority", "--calibrate", "platt"));
        assertOneLineError("applies to the kalman, rls and rvfl learners, not to majority");
    }

    @Test
    void kafkaPropertiesAreValidatedAndOtherUnknownOptionsRefused() {
        assertEquals(2, execute("classify", "--kafka.security.protocol=PLAIN_TEXT", "--source", "kafka:in"));
        assertOneLineError("security.protocol");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("classify", "--sink", "none", "--max-records", "10", "--kafka-bootstrap"));
        assertOneLineError("--kafka-bootstrap");
        err.getBuffer().setLength(0);
        assertEquals(2, execute("regress", "--kafkaa.x=1"));
        assertOneLineError("--kafkaa.x=1");
    }

    @Test
    void aCheckpointIntervalTheKafkaTransactionTimeoutCannotCoverIsRefused() {
        // The data loss: regress, 90 s checkpoints, 60 s transactions.
        assertEquals(2, execute("regress", "--source", "synthetic:hyperplane", "--sink", "kafka:predictions",
                "--checkpoint-interval", "90000", "--kafka.transaction.timeout.ms=60000"));
        assertOneLineError("transaction.timeout.ms of 60000 ms cannot cover a checkpoint interval of 90000 ms");
        err.getBuffer().setLength(0);
        // Under the default 15-minute timeout, a 14-minute interval leaves no time to recover.
        assertEquals(2, execute("density", "--source", "synthetic:mixture", "--sink", "kafka:scores",
                "--checkpoint-interval", "840000"));
        assertOneLineError("transaction.timeout.ms of 900000 ms cannot cover a checkpoint interval of 840000 ms");
    }

    @Test
    void aParallelismAboveTheMaxParallelismIsRefused() {
        assertEquals(2, execute("regress", "--source", "synthetic:hyperplane", "--sink", "none",
                "--parallelism", String.valueOf(JobEnvironments.MAX_PARALLELISM + 1)));
        assertOneLineError("--parallelism must be in [1, 128]");
    }

    @Test
    void misspeltKafkaPropertiesAreRefused() {
        assertEquals(2, execute("classify", "--source", "kafka:in", "--kafka.securty.protocol=SASL_SSL"));
        assertOneLineError("Unknown Kafka property securty.protocol");
    }

    @Test
    void aMissingInputFileEndsTheRunBeforeSubmission() {
        String missing = directory.resolve("data.csv").toString();
        assertEquals(1, execute("classify", "--source", "file:" + missing, "--label", "class", "--sink", "none"));
        assertOneLineError("--source file:" + missing + ": no such file or directory");
        err.getBuffer().setLength(0);
        assertEquals(1, execute("classify", "--source", "synthetic:sea", "--labels", "file:" + missing,
                "--sink", "none"));
        assertOneLineError("--labels file:" + missing + ": no such file or directory");
    }

    @Test
    void aHeaderWithoutANamedColumnEndsTheRunBeforeSubmission() throws IOException {
        String csv = write("a,b,class\n1,2,0\n");
        assertEquals(1, execute("classify", "--source", csv, "--label", "klass", "--sink", "none"));
        assertOneLineError("column 'klass' is not in the CSV header [a, b, class]");
        err.getBuffer().setLength(0);
        assertEquals(1, execute("regress", "--source", csv, "--label", "class", "--features", "a,foo"));
        assertOneLineError("column 'foo' is not in the CSV header [a, b, class]");
    }

    @Test
    void aTextFeatureColumnEndsTheRunBeforeSubmission() throws IOException {
        String csv = write("city,a,y\nParis,1,0\nRome,2,1\n");
        assertEquals(1, execute("classify", "--source", csv, "--label", "y", "--features", "city,a"));
        assertOneLineError("feature column 'city' is not numeric: its first value is 'Paris'");
    }

    @Test
    void anUnreachableKafkaClusterEndsTheRunWithinTheKafkaTimeout() {
        // port 9 (discard) has no broker: the metadata request times out after --kafka-timeout
        assertEquals(1, execute("classify", "--source", "kafka:examples", "--kafka-bootstrap", "127.0.0.1:9",
                "--kafka-timeout", "2", "--sink", "none"));
        assertOneLineError("Kafka at 127.0.0.1:9 (topic 'examples') did not answer within 2 s");
        err.getBuffer().setLength(0);
        assertEquals(1, execute("density", "--source", "synthetic:mixture", "--sink", "kafka:scores",
                "--kafka-bootstrap", "127.0.0.1:9", "--kafka-timeout", "1"));
        assertOneLineError("Kafka at 127.0.0.1:9 (topic 'scores') did not answer within 1 s");
    }

    private String write(String content) throws IOException {
        Path file = directory.resolve("input.csv");
        Files.writeString(file, content);
        return "file:" + file;
    }
}
