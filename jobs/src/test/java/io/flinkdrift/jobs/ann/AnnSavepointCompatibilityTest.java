package io.flinkdrift.jobs.ann;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkdrift.jobs.testing.SavepointCompatibility;

/**
 * {@code ann} (IVF-PQ with residual encoding, 8 lists, Hybrid maintenance every 100 inserts, every 4th
 * record a query, half the queries also answered exactly for recall) restores {@code savepoints/ann-v1}
 * with its 2 shards and answers every later query like an uninterrupted run, field by field (ids,
 * distances, quantizer version, vectors scanned): the coordinator's replica, the shard index
 * redistributed from 1 shard to 2, the exact-search sample and the recall join.
 */
class AnnSavepointCompatibilityTest extends SavepointCompatibility {

    private static final int QUERY_EVERY = 4;

    AnnSavepointCompatibilityTest() {
        super("/savepoints/ann-v1", "ann", "--id", "id", "--features", "x", "--dimension", "4",
                "--lists", "8", "--sub-quantizers", "2", "--residual", "--training-size", "100",
                "--maintenance", "hybrid", "--maintenance-every", "100", "--query-every", String.valueOf(QUERY_EVERY),
                "--k", "5", "--nprobe", "4", "--recall-sample-every", "2", "--report-period", "100");
    }

    @Override
    protected String example(int id, boolean bad) {
        String head = "{\"id\": " + id + ", \"k\": \"k" + id % 4 + "\", \"x\": ";
        return bad ? head : head + "[" + id % 4 + ", " + (id * 7919 % 1000) / 100.0 + ", "
                + (id * 104729 % 1000) / 100.0 + ", " + (id * 31 % 100) / 10.0 + "]}";
    }

    @Override
    protected boolean hasOutput(int id) {
        return id % QUERY_EVERY == 0;
    }

    @Override
    protected long outputId(JsonNode output) {
        return output.get("queryId").asLong();
    }
}
