package io.flinkdrift.core.ann;

/**
 * The answer to one k-nearest-neighbour query: ids and squared L2 distances, nearest first (ties
 * broken by ascending id), plus the number of stored vectors the search compared with the query.
 * For {@link IvfPqIndex} the distances are the asymmetric (PQ) approximations; for
 * {@link FlatIndex} they are exact. Fewer than k entries are returned when fewer are reachable.
 */
public final class SearchResult {

    private final long[] ids;
    private final float[] distances;
    private final long scanned;

    SearchResult(long[] ids, float[] distances, long scanned) {
        this.ids = ids;
        this.distances = distances;
        this.scanned = scanned;
    }

    /**
     * The k best of the union of two results over disjoint sets of vectors (e.g. two shards of one
     * index), ordered as a single search would order them; the scanned counts add up.
     *
     * @throws IllegalArgumentException if k &lt; 1
     */
    public static SearchResult merge(SearchResult a, SearchResult b, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        TopK best = new TopK(k);
        for (SearchResult part : new SearchResult[] {a, b}) {
            for (int i = 0; i < part.ids.length; i++) {
                best.offer(part.distances[i], part.ids[i]);
            }
        }
        return best.drainSorted(a.scanned + b.scanned);
    }

    /**
     * A result from its parts, e.g. one that travelled between processes.
     *
     * @throws IllegalArgumentException if ids and distances differ in length
     */
    public static SearchResult of(long[] ids, float[] distances, long scanned) {
        if (ids.length != distances.length) {
            throw new IllegalArgumentException("ids and distances must have the same length, got "
                    + ids.length + " and " + distances.length);
        }
        return new SearchResult(ids.clone(), distances.clone(), scanned);
    }

    /** The neighbour ids, nearest first; a fresh copy. */
    public long[] ids() {
        return ids.clone();
    }

    /** The squared L2 distances matching {@link #ids()}; a fresh copy. */
    public float[] distances() {
        return distances.clone();
    }

    /** The number of neighbours returned (at most k). */
    public int size() {
        return ids.length;
    }

    /** The number of stored vectors whose distance to the query was evaluated. */
    public long scanned() {
        return scanned;
    }

    /**
     * k-recall@k of this result against the exact neighbours {@code truth}: the fraction of the
     * truth's ids that appear in this result, in [0, 1]; 1 when the truth is empty.
     */
    public double recallAgainst(SearchResult truth) {
        if (truth.ids.length == 0) {
            return 1.0;
        }
        int found = 0;
        for (long expected : truth.ids) {
            for (long id : ids) {
                if (id == expected) {
                    found++;
                    break;
                }
            }
        }
        return (double) found / truth.ids.length;
    }
}
