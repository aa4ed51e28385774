package io.flinkdrift.operators.ann;

import io.flinkdrift.core.ann.SearchResult;

/**
 * The top-k answer to one query (a Flink POJO): ids and squared-L2 PQ distances, nearest first, the
 * quantizer version the whole answer was computed under, and the number of vectors scanned. Shards
 * emit partial results of this type; {@link AnnMerge} emits the merged one.
 */
public class AnnResult {

    public long queryId;
    /** Event time of the query. */
    public long timestamp;
    public long[] ids = new long[0];
    public float[] distances = new float[0];
    /** The quantizer version; −1 when the query arrived before the index was trained. */
    public long version;
    public long scanned;

    public AnnResult() {}

    static AnnResult of(AnnCommand query, SearchResult result) {
        AnnResult out = new AnnResult();
        out.queryId = query.id;
        out.timestamp = query.timestamp;
        out.version = query.version;
        out.ids = result.ids();
        out.distances = result.distances();
        out.scanned = result.scanned();
        return out;
    }

    SearchResult searchResult() {
        return SearchResult.of(ids, distances, scanned);
    }
}
