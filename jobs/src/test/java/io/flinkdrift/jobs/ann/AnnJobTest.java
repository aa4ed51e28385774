package io.flinkdrift.jobs.ann;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkdrift.jobs.FlinkDrift;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ann} job end to end on a mini-cluster at parallelism 2: a mixture of 12 components in
 * d = 8 whose means jump by a 0.6 rad rotation every {@value #PERIOD} records, 4 periods, every 10th
 * record a query, residual codes, K = 32, nprobe = 2; the quantizers are trained on the first 2000
 * inserts (period 0) and Hybrid runs every 2500 inserts. Everything is seeded, so the figures are fixed.
 */
class AnnJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final int PERIOD = 5000;
    private static final int PERIODS = 4;
    /** Records whose id is not a multiple of --query-every 10. */
    private static final long INSERTS = PERIODS * PERIOD * 9 / 10;
    private static final String SOURCE = "synthetic:mixture?dimension=8&components=12&radius=6&mode=abrupt"
            + "&period=" + PERIOD + "&driftSpeed=0.00012&seed=5";

    @TempDir
    Path dir;

    /** The whole job summary (the ann figures are under "ann"). */
    private JsonNode run(String maintenance, String... extra) throws Exception {
        Path summary = dir.resolve(maintenance + extra.length + ".json");
        List<String> args = new ArrayList<>(List.of("ann", "--source", SOURCE, "--max-records", String.valueOf(PERIODS * PERIOD),
                "--lists", "32", "--sub-quantizers", "4", "--residual", "--split-lists", "2",
                "--training-size", "2000", "--nprobe", "2", "--query-every", "10", "--recall-sample-every", "2",
                "--maintenance", maintenance, "--maintenance-every", "2500", "--report-period", String.valueOf(PERIOD),
                "--parallelism", "2", "--sink", "none", "--progress-interval", "0", "--checkpoint-interval", "0",
                "--summary", summary.toString()));
        args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        int exit = FlinkDrift.commandLine().setErr(new PrintWriter(err)).execute(args.toArray(new String[0]));
        assertEquals(0, exit, err.toString());
        return new ObjectMapper().readTree(summary.toFile());
    }

    @Test
    void hybridKeepsRecallThatNoMaintenanceLosesUnderDrift() throws Exception {
        JsonNode noneJob = run("none");
        JsonNode none = noneJob.get("ann");
        JsonNode hybrid = run("hybrid").get("ann");
        // the default --ttl (10 minutes) is longer than the stream (20 s of event time): nothing expires
        assertEquals(0, noneJob.get("expired").asLong());
        assertEquals(INSERTS, noneJob.get("databaseSize").asLong());

        assertEquals(PERIODS * PERIOD / 10, none.get("queries").asLong());
        assertEquals(PERIODS, none.get("periods").size());
        assertEquals(0, none.get("maintenanceRuns").asLong());
        assertTrue(hybrid.get("maintenanceRuns").asLong() >= 5, hybrid.toString());
        StringBuilder table = new StringBuilder();
        for (int p = 0; p < PERIODS; p++) {
            JsonNode n = none.get("periods").get(p);
            JsonNode h = hybrid.get("periods").get(p);
            table.append(String.format("period %d: none %.3f (v%d), hybrid %.3f (v%d)%n", p,
                    n.get("recall").asDouble(), n.get("version").asLong(),
                    h.get("recall").asDouble(), h.get("version").asLong()));
            assertEquals(PERIOD / 10, n.get("queries").asLong());
            assertTrue(n.get("sampled").asLong() > (p == 0 ? 80 : 180), table.toString());
            assertEquals(n.get("sampled").asLong(), h.get("sampled").asLong());
            assertEquals(0, n.get("version").asLong());
        }
        // Period 0 is served before any maintenance: identical answers (the mean's summation order varies).
        assertEquals(none.get("periods").get(0).get("recall").asDouble(),
                hybrid.get("periods").get(0).get("recall").asDouble(), 1e-12, table.toString());
        // Drift: no maintenance decays, Hybrid is at least as good in every later period and clearly
        // better in the last one (measured: none 0.860 0.780 0.535 0.450, hybrid 0.860 0.830 0.772 0.714).
        for (int p = 1; p < PERIODS; p++) {
            assertTrue(hybrid.get("periods").get(p).get("recall").asDouble()
                    >= none.get("periods").get(p).get("recall").asDouble() - 0.01, table.toString());
        }
        double lastNone = none.get("periods").get(PERIODS - 1).get("recall").asDouble();
        double lastHybrid = hybrid.get("periods").get(PERIODS - 1).get("recall").asDouble();
        assertTrue(lastNone < none.get("periods").get(0).get("recall").asDouble() - 0.2, table.toString());
        assertTrue(lastHybrid > lastNone + 0.15, table.toString());
        System.out.print(table);
    }

    /**
     * With --ttl 5000 (one period) every insert is either expired or still in the database, and the
     * database holds at most the inserts of the last ttl + ttl/8 ms (9 in 10 records are inserts).
     */
    @Test
    void ttlBoundsTheDatabaseToTheLastTtlOfInserts() throws Exception {
        JsonNode job = run("hybrid", "--ttl", String.valueOf(PERIOD));
        long expired = job.get("expired").asLong();
        long size = job.get("databaseSize").asLong();
        assertEquals(PERIOD, job.get("ttlMs").asLong());
        assertEquals(INSERTS, expired + size, job.toString());
        assertTrue(size <= (PERIOD + PERIOD / 8) * 9 / 10 + 1, job.toString());
        assertTrue(size >= PERIOD * 9 / 10, job.toString());
        assertTrue(job.get("ann").get("recall").asDouble() > 0.5, job.toString());
    }
}
