package io.flinkdrift.jobs.ann;

import io.flinkdrift.jobs.runtime.WindowRetention;
import io.flinkdrift.jobs.testing.SummaryReplay;
import io.flinkdrift.jobs.testing.SummaryReplay.Event;
import io.flinkdrift.operators.ann.AnnMaintenance;
import io.flinkdrift.operators.ann.MaintenanceEvent;
import org.apache.flink.runtime.state.StateBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link AnnSummaryFunction} merging the partials of parallel {@link AnnAccumulators}: a run restored from a mid-stream snapshot ends with
 * the same summary as an uninterrupted one, and that summary matches brute-force per-period and total
 * figures.
 */
class AnnSummaryFunctionTest {

    private static final long PERIOD = 100;
    private static final int QUERIES = 900;
    /** Event time of a maintenance run after the last query: a period with no queries. */
    private static final long LATE_MAINTENANCE = 1250;

    private static final SummaryReplay<QueryOutcome, MaintenanceEvent, AnnPartial, AnnSummary> REPLAY =
            replay(WindowRetention.MAX_WINDOWS);

    /** Fewer periods than the stream spans (0 to 12), so the oldest rows are dropped. */
    private static final int RETAINED = 5;

    private static SummaryReplay<QueryOutcome, MaintenanceEvent, AnnPartial, AnnSummary> replay(int maxPeriods) {
        return new SummaryReplay<>(() -> AnnAccumulators.outcomes(PERIOD), () -> AnnAccumulators.maintenance(PERIOD),
                () -> new AnnSummaryFunction(maxPeriods), AnnSummaryFunction.ACCUMULATOR, 10,
                AnnSummaryFunctionTest::assertSameSummary);
    }

    /** Queries about 1.1 ms apart with some jitter; one in three sampled; a maintenance run every 70. */
    private static List<Event<QueryOutcome, MaintenanceEvent>> stream() {
        SplittableRandom random = new SplittableRandom(13);
        List<Event<QueryOutcome, MaintenanceEvent>> events = new ArrayList<>();
        long version = -1;
        for (int q = 0; q < QUERIES; q++) {
            long timestamp = q + q / 10 + random.nextInt(4);
            if (q % 70 == 69) {
                version++;
                events.add(Event.second(maintenance(version, timestamp, random), timestamp));
            }
            QueryOutcome o = new QueryOutcome();
            o.queryId = q;
            o.timestamp = timestamp;
            o.version = version;
            o.scanned = version < 0 ? 0 : 50 + random.nextInt(100);
            o.recall = version >= 0 && q % 3 == 0 ? random.nextInt(11) / 10.0 : Double.NaN;
            events.add(Event.first(o, timestamp));
        }
        events.add(Event.second(maintenance(version + 1, LATE_MAINTENANCE, random), LATE_MAINTENANCE));
        return events;
    }

    private static MaintenanceEvent maintenance(long version, long timestamp, SplittableRandom random) {
        MaintenanceEvent m = new MaintenanceEvent();
        m.policy = AnnMaintenance.values()[random.nextInt(AnnMaintenance.values().length)];
        m.version = version;
        m.timestamp = timestamp;
        m.nanos = random.nextLong(10_000_000);
        m.reassignedVectors = random.nextInt(1000);
        m.reencodedVectors = random.nextInt(1000);
        m.liveVectors = 5000;
        return m;
    }

    private static void assertSameSummary(AnnSummary expected, AnnSummary actual) {
        assertSameTotals(expected, actual);
        assertEquals(expected.droppedPeriods, actual.droppedPeriods);
        assertEquals(expected.periods.length, actual.periods.length);
        for (int i = 0; i < expected.periods.length; i++) {
            assertSameRow(expected.periods[i], actual.periods[i]);
        }
    }

    private static void assertSameTotals(AnnSummary expected, AnnSummary actual) {
        assertEquals(expected.queries, actual.queries);
        assertEquals(expected.sampled, actual.sampled);
        // sums of partials flushed at other points may differ in the last bits
        assertEquals(expected.recall, actual.recall, 1e-12);
        assertEquals(expected.meanScanned, actual.meanScanned, 1e-9);
        assertEquals(expected.maintenanceRuns, actual.maintenanceRuns);
        assertEquals(expected.maintenanceMs, actual.maintenanceMs, 1e-9);
    }

    private static void assertSameRow(AnnPeriodSummary e, AnnPeriodSummary a) {
        assertEquals(e.period, a.period);
        assertEquals(e.queries, a.queries);
        assertEquals(e.sampled, a.sampled);
        assertEquals(e.recall, a.recall, 1e-12);
        assertEquals(e.meanScanned, a.meanScanned, 1e-9);
        assertEquals(e.version, a.version);
        assertEquals(e.maintenanceRuns, a.maintenanceRuns);
        assertEquals(e.maintenanceMs, a.maintenanceMs, 1e-9);
        assertEquals(e.reassignedVectors, a.reassignedVectors);
        assertEquals(e.reencodedVectors, a.reencodedVectors);
    }

    @ParameterizedTest
    @MethodSource("io.flinkdrift.jobs.testing.SummaryReplay#backends")
    void onlyTheLatestPeriodsKeepARowAndTheTotalsStillCountEveryPeriod(StateBackend backend) throws Exception {
        List<Event<QueryOutcome, MaintenanceEvent>> events = stream();
        AnnSummary all = REPLAY.uninterruptedAndRestored(events, backend, 1, 455, events.size() - 1);
        AnnSummary bounded = replay(RETAINED).uninterruptedAndRestored(events, backend, 1, 455, events.size() - 1);

        long latest = all.periods[all.periods.length - 1].period;
        AnnPeriodSummary[] kept = Arrays.stream(all.periods)
                .filter(row -> row.period > latest - RETAINED).toArray(AnnPeriodSummary[]::new);
        assertEquals(0, all.droppedPeriods);
        assertEquals(all.periods.length - kept.length, bounded.droppedPeriods);
        assertEquals(kept.length, bounded.periods.length);
        for (int i = 0; i < kept.length; i++) {
            assertSameRow(kept[i], bounded.periods[i]);
        }
        assertSameTotals(all, bounded);
    }

    @ParameterizedTest
    @MethodSource("io.flinkdrift.jobs.testing.SummaryReplay#backends")
    void summaryAfterRestoreEqualsTheUninterruptedRunsAndTheBruteForceOne(StateBackend backend)
            throws Exception {
        List<Event<QueryOutcome, MaintenanceEvent>> events = stream();
        AnnSummary uninterrupted = REPLAY.uninterruptedAndRestored(events, backend, 1, 455, events.size() - 1);

        int periods = (int) (LATE_MAINTENANCE / PERIOD) + 1;
        long[] queries = new long[periods];
        long[] sampled = new long[periods];
        double[] recallSum = new double[periods];
        double[] scannedSum = new double[periods];
        long[] version = new long[periods];
        long[] runs = new long[periods];
        double[] ms = new double[periods];
        long[] reassigned = new long[periods];
        long[] reencoded = new long[periods];
        Arrays.fill(version, -1);
        for (Event<QueryOutcome, MaintenanceEvent> event : events) {
            int p = (int) (event.timestamp() / PERIOD);
            if (event.first() != null) {
                QueryOutcome o = event.first();
                queries[p]++;
                scannedSum[p] += o.scanned;
                version[p] = Math.max(version[p], o.version);
                if (!Double.isNaN(o.recall)) {
                    sampled[p]++;
                    recallSum[p] += o.recall;
                }
            } else {
                MaintenanceEvent m = event.second();
                runs[p]++;
                ms[p] += m.nanos / 1e6;
                reassigned[p] += m.reassignedVectors;
                reencoded[p] += m.reencodedVectors;
            }
        }
        long totalQueries = 0;
        long totalSampled = 0;
        long totalRuns = 0;
        double totalRecall = 0;
        double totalScanned = 0;
        double totalMs = 0;
        int row = 0;
        for (int p = 0; p < periods; p++) {
            if (queries[p] == 0 && runs[p] == 0) {
                continue;
            }
            AnnPeriodSummary actual = uninterrupted.periods[row++];
            assertEquals(p, actual.period);
            assertEquals(queries[p], actual.queries);
            assertEquals(sampled[p], actual.sampled);
            assertEquals(sampled[p] == 0 ? Double.NaN : recallSum[p] / sampled[p], actual.recall, 1e-12);
            assertEquals(queries[p] == 0 ? Double.NaN : scannedSum[p] / queries[p], actual.meanScanned, 1e-12);
            assertEquals(version[p], actual.version);
            assertEquals(runs[p], actual.maintenanceRuns);
            assertEquals(ms[p], actual.maintenanceMs, 1e-9);
            assertEquals(reassigned[p], actual.reassignedVectors);
            assertEquals(reencoded[p], actual.reencodedVectors);
            totalQueries += queries[p];
            totalSampled += sampled[p];
            totalRuns += runs[p];
            totalRecall += recallSum[p];
            totalScanned += scannedSum[p];
            totalMs += ms[p];
        }
        assertEquals(row, uninterrupted.periods.length);
        assertEquals(0, uninterrupted.periods[row - 1].queries); // the maintenance-only period
        assertEquals(QUERIES, totalQueries);
        assertEquals(totalQueries, uninterrupted.queries);
        assertEquals(totalSampled, uninterrupted.sampled);
        assertEquals(totalRuns, uninterrupted.maintenanceRuns);
        assertEquals(totalRecall / totalSampled, uninterrupted.recall, 1e-12);
        assertEquals(totalScanned / totalQueries, uninterrupted.meanScanned, 1e-12);
        assertEquals(totalMs, uninterrupted.maintenanceMs, 1e-9);
    }
}
