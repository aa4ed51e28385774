package io.flinkdrift.core.ann;

import io.flinkdrift.core.state.ArrayFormat;
import io.flinkdrift.core.state.StateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.function.LongPredicate;

/**
 * An IVF-PQ index (Faiss {@code IndexIVFPQ}: Jégou et al., TPAMI 2011) that stays accurate under
 * content drift through the DeDrift maintenance steps of Baranchuk, Douze, Upadhyay and Yalniz,
 * "DeDrift: Robust Similarity Search under Content Drift", ICCV 2023 — without a full rebuild.
 *
 * <p><b>Anatomy.</b> K coarse centroids (k-means); one inverted list per centroid holding, per
 * vector, its id, timestamp, M-byte PQ code and raw float vector in flat growable arrays; per list
 * the running double-precision sum and sum of squared norms of its live raw vectors. A search ranks
 * the centroids, scans the {@code nprobe} nearest lists with asymmetric distance tables and returns
 * the k best (distance, id) pairs (ties by ascending id, so the answer does not depend on list order).
 *
 * <p><b>Maintenance</b> lives outside the index, as Faiss keeps it in {@code IVFlib} and
 * {@code contrib/ivf_tools.py}: a {@link MaintenanceStep} ({@link LazyUpdate}, {@link Split},
 * {@link CodebookRefresh}, {@link Rebuild}) plans a {@link QuantizerUpdate} (new centroids, anchors and codebooks, version,
 * list-move rule) over a read-only {@link #view()}, and {@link #apply(QuantizerUpdate)}, the one
 * primitive that changes the quantizer, publishes it as the next {@link #version()}; a
 * {@link MaintenancePolicy} is a list of steps. An index created with
 * {@link #empty(IvfPqConfig, QuantizerUpdate)} from another's {@link #quantizer()} and fed the same
 * updates assigns and encodes every vector as the original does, which is how parallel shards follow
 * one maintainer ({@link #merge} re-partitions such shards by id).
 *
 * <p><b>Codes.</b> With {@code residualEncoding = false} (the default) codes quantise x itself: Lazy
 * only replaces the centroid table and Split only moves (id, code) records, and with nprobe = K
 * search results are exactly unchanged by maintenance. With residual codes (IVFADC) each list k has,
 * besides its routing centroid c_k, an <em>anchor</em> a_k, and its codes quantise x − a_k; a search
 * ranks them by their asymmetric distance to q − a_k, from a term table precomputed per anchor and one
 * table per query ({@link ResidualTables}), re-scoring the codes near the k-th distance directly, so
 * the answer is that of a distance table for q − a_k bit for bit (docs/ann.md, "Search"). Training, Split and the rebuild set a_k = c_k. Lazy
 * moves c_k to the list mean but keeps a_k, so the codes stay exact residuals and nothing is
 * re-encoded, unless the drift is large against the list's spread: when ‖c_k − a_k‖² &gt; θ·σ_k²
 * ({@link IvfPqConfig#reanchorThreshold()}, σ_k² the mean squared distance of the list's vectors to
 * c_k, from running sums) the anchor moves to c_k. With {@link IvfPqConfig#maxSegments()} S = 1 the
 * list is then re-encoded from the raw vectors. Re-encoding every moved list (θ = 0) costs O(N·256·d)
 * per Lazy step, which is most of DeDrift's cost with residual codes; anchors make it O(K·d) plus the
 * lists that really drifted. With S &gt; 1 the list is a sequence of <em>segments</em>, each coded
 * against its own anchor: a moved anchor re-encodes only the open segment (the vectors added since the
 * previous move, coded against an anchor that lagged behind them), closes it under the new anchor and
 * opens a new, empty one; the older segments keep their codes, exact residuals to their anchors, and
 * drain as their vectors expire. A search uses one term table per anchor it scans. When a list
 * would hold S + 1 segments, its oldest one is re-encoded against the next one's anchor. Which vectors
 * are re-encoded depends only on the list's anchor history, not on what else an index holds, so shards
 * and replica stay code-identical. A Lazy step with forward anchors ({@link LazyUpdate#forwardAnchors})
 * moves the anchor ahead of the recent inserts and lists the moved lists whose open segment it predicted
 * well ({@link QuantizerUpdate#forwardLists()}): those close their open segment with the codes it has,
 * under its old anchor, re-encoding nothing. Split and the rebuild re-encode the lists they reassign
 * into one segment each (docs/ann.md, "Segments").
 *
 * <p><b>Memory.</b> The raw vectors are kept (4·d bytes per vector, e.g. 256 B at d = 64 against
 * 8–16 B of code) because Split's k-means, residual re-encoding and the rebuild need the true
 * vectors; reconstructions would compound quantisation error over repeated updates. Memory is
 * bounded by a time-to-live: {@link #expireBefore(long)} removes old vectors. Deletes are tombstones
 * found through an id → (list, position) map; a list is compacted when its tombstones exceed 20% of
 * its entries, which also recomputes its sum exactly.
 *
 * <p><b>Threading.</b> Not thread-safe for writes: one thread calls add/remove/expire and the
 * maintenance steps (as in a Flink operator). Maintenance builds the new centroid table and the
 * replaced lists aside and publishes them with their version in one volatile write, so a
 * {@link #search} running concurrently with maintenance (but not with add/remove) sees either the
 * old or the new state, never a mixture; a failed step leaves the published state untouched.
 * Searches from several threads are safe: each thread has its own search scratch.
 */
public final class IvfPqIndex {

    /** A list is compacted when its tombstones exceed this fraction of its entries. */
    public static final double COMPACTION_THRESHOLD = 0.2;

    private final IvfPqConfig config;
    private final LongLongMap locations = new LongLongMap();
    private final byte[] codeScratch;
    private final float[] residualScratch;
    private final float[] listDistanceScratch;
    private final int[] listScratch = new int[1];
    /** Per searching thread: a search reuses its scratch (tables, heaps, buffers) from query to query. */
    private final ThreadLocal<CodeScan> scans;
    private volatile Layout layout;

    /**
     * One published state: everything a search reads; {@code coarse} is the centroids as a table and
     * {@code tables} the precomputed tables of residual search (null without residual codes; derived,
     * not persisted).
     */
    private record Layout(float[] centroids, CentroidTable coarse, float[] anchors, InvertedList[] lists,
            ProductQuantizer pq, long version, ResidualTables tables) {

        Layout(float[] centroids, float[] anchors, InvertedList[] lists, ProductQuantizer pq, long version) {
            this(centroids, new CentroidTable(centroids, 0, lists.length, centroids.length / lists.length),
                    anchors, lists, pq, version, null);
        }

        /** This state with its residual tables, reusing those of {@code previous} (may be null) that still hold. */
        Layout withTables(boolean residual, Layout previous) {
            return residual ? new Layout(centroids, coarse, anchors, lists, pq, version,
                    ResidualTables.of(pq, anchors, lists, previous == null ? null : previous.tables)) : this;
        }
    }

    private IvfPqIndex(IvfPqConfig config, Layout layout) {
        this.config = config;
        this.layout = layout.withTables(config.residualEncoding(), null);
        this.codeScratch = new byte[config.numSubQuantizers()];
        this.residualScratch = new float[config.dimension()];
        this.listDistanceScratch = new float[config.numLists()];
        this.scans = ThreadLocal.withInitial(
                () -> new CodeScan(config.dimension(), config.numLists(), config.numSubQuantizers()));
    }

    /**
     * Trains the coarse centroids (k-means++, on ≤ trainingPointsPerCentroid·K of the vectors) and
     * the PQ (on the same sample, or its residuals), and returns an empty index at version 0.
     *
     * @param trainingVectors n·d row-major finite floats
     * @param n number of training vectors, at least K
     * @throws IllegalArgumentException if n &lt; K, or the data is too short or not finite
     */
    public static IvfPqIndex train(IvfPqConfig config, float[] trainingVectors, int n) {
        int d = config.dimension();
        if (n < config.numLists()) {
            throw new IllegalArgumentException("n must be at least numLists = " + config.numLists()
                    + ", got " + n);
        }
        if (trainingVectors == null || trainingVectors.length < (long) n * d) {
            throw new IllegalArgumentException("trainingVectors must hold n*d = " + (long) n * d + " floats");
        }
        for (int i = 0; i < n * d; i++) {
            if (!Float.isFinite(trainingVectors[i])) {
                throw new IllegalArgumentException("trainingVectors must be finite, got "
                        + trainingVectors[i] + " at " + i);
            }
        }
        return empty(config, trainQuantizer(config, trainingVectors, n, 0));
    }

    /**
     * Trains coarse centroids (k-means++, on ≤ trainingPointsPerCentroid·K of the vectors) and the PQ
     * (on the same sample, or its residuals) and returns them as a rebuild at {@code version}: anchors
     * at the centroids, every list reassigned, new codebooks.
     */
    static QuantizerUpdate trainQuantizer(IvfPqConfig config, float[] data, int n, long version) {
        int d = config.dimension();
        int numLists = config.numLists();
        SplittableRandom random = Sampling.random(config, version);
        float[] sample = Sampling.subsample(data, n, d, (long) config.trainingPointsPerCentroid() * numLists, random);
        int sampleSize = sample.length / d;
        KMeans.Result coarse = new KMeans(numLists, config.trainingIterations(), KMeans.DEFAULT_TOLERANCE,
                KMeans.Init.KMEANS_PLUS_PLUS, random.nextLong()).fit(sample, sampleSize, d);
        float[] centroids = coarse.centroids();
        if (config.residualEncoding()) {
            int[] assignment = coarse.assignment();
            for (int i = 0; i < sampleSize; i++) {
                for (int j = 0; j < d; j++) {
                    sample[i * d + j] -= centroids[assignment[i] * d + j];
                }
            }
        }
        float[] pqSample = Sampling.subsample(sample, sampleSize, d,
                (long) ProductQuantizer.MAX_CODEWORDS * config.trainingPointsPerCentroid(), random);
        ProductQuantizer pq = ProductQuantizer.train(pqSample, pqSample.length / d, d,
                config.numSubQuantizers(), config.trainingIterations(), random.nextLong());
        return new QuantizerUpdate(MaintenanceReport.Kind.REBUILD, version, centroids, centroids.clone(), pq,
                allLists(config.numLists()));
    }

    private static InvertedList[] emptyLists(IvfPqConfig config) {
        InvertedList[] lists = new InvertedList[config.numLists()];
        for (int k = 0; k < lists.length; k++) {
            lists[k] = new InvertedList(config.numSubQuantizers(), config.dimension(), 0);
        }
        return lists;
    }

    static long location(int list, int position) {
        return ((long) list << 32) | (position & 0xFFFFFFFFL);
    }

    /**
     * Adds the vector of {@code id} to the list of its nearest centroid; an id already present is
     * replaced (upsert).
     *
     * @param timestamp the vector's time, compared by {@link #expireBefore(long)}
     * @throws IllegalArgumentException if the vector does not have d finite values
     */
    public void add(long id, float[] vector, long timestamp) {
        Distances.checkVector("vector", vector, config.dimension());
        remove(id);
        Layout current = layout;
        current.coarse.assign(vector, 0, vector.length, 1, listScratch, 0, null, listDistanceScratch);
        int list = listScratch[0];
        encode(current.pq, current.anchors, list, vector, 0);
        int position = current.lists[list].append(id, timestamp, codeScratch, 0, vector, 0);
        locations.put(id, location(list, position));
    }

    /**
     * Adds n vectors as n calls of {@link #add} in order would (later duplicates of an id replace
     * earlier ones), assigning and encoding them in batches (Faiss's batched {@code add}).
     *
     * @param ids n ids
     * @param vectors n·d row-major finite floats, vector i at [i·d, (i+1)·d)
     * @param timestamps n timestamps
     * @throws IllegalArgumentException if the arrays do not hold the same n vectors or a value is not finite;
     *     nothing is added then
     */
    public void addAll(long[] ids, float[] vectors, long[] timestamps) {
        int d = config.dimension();
        int n = ids.length;
        if (timestamps.length != n || vectors.length != (long) n * d) {
            throw new IllegalArgumentException("addAll needs n ids, n timestamps and n*d floats, got "
                    + n + " ids, " + timestamps.length + " timestamps and " + vectors.length + " floats");
        }
        for (int i = 0; i < vectors.length; i++) {
            if (!Float.isFinite(vectors[i])) {
                throw new IllegalArgumentException("vectors must be finite, got " + vectors[i] + " at " + i);
            }
        }
        Layout current = layout;
        int[] lists = new int[n];
        current.coarse.assign(vectors, 0, d, n, lists, 0, null, listDistanceScratch);
        int codeSize = config.numSubQuantizers();
        byte[] codes = new byte[n * codeSize];
        if (config.residualEncoding()) {
            encodeResiduals(current, vectors, lists, n, codes);
        } else {
            current.pq.encodeAll(vectors, 0, n, codes, 0);
        }
        if (!appendNew(current.lists, ids, timestamps, codes, vectors, lists)) {
            for (int i = 0; i < n; i++) {
                remove(ids[i]);
                int position = current.lists[lists[i]].append(ids[i], timestamps[i], codes, i * codeSize,
                        vectors, i * d);
                locations.put(ids[i], location(lists[i], position));
            }
        }
    }

    /**
     * PQ-encodes the residuals vector i − anchor of lists[i] into codes[i·M ..), one block of
     * {@link ProductQuantizer#ENCODE_BLOCK} residuals at a time in a reused buffer.
     */
    private void encodeResiduals(Layout current, float[] vectors, int[] lists, int n, byte[] codes) {
        int d = config.dimension();
        float[] residuals = new float[Math.min(n, ProductQuantizer.ENCODE_BLOCK) * d];
        for (int start = 0; start < n; start += ProductQuantizer.ENCODE_BLOCK) {
            int block = Math.min(ProductQuantizer.ENCODE_BLOCK, n - start);
            for (int i = 0; i < block; i++) {
                int vector = (start + i) * d;
                int anchor = lists[start + i] * d;
                for (int j = 0; j < d; j++) {
                    residuals[i * d + j] = vectors[vector + j] - current.anchors[anchor + j];
                }
            }
            current.pq.encodeAll(residuals, 0, block, codes, start * config.numSubQuantizers());
        }
    }

    /**
     * The common case of {@link #addAll}, when every id is new and appears once: appends vector i to
     * list lists[i], each list receiving its vectors in batch order in one pass (so its entries and
     * running sums are those of n {@link #add} calls), and records the locations. Returns false,
     * changing nothing, when an id is already present or repeated, as removes must then interleave
     * with the appends.
     */
    private boolean appendNew(InvertedList[] target, long[] ids, long[] timestamps, byte[] codes, float[] vectors,
            int[] lists) {
        int n = ids.length;
        locations.reserve(locations.size() + n);
        int[] starts = new int[target.length + 1];
        for (int list : lists) {
            starts[list + 1]++;
        }
        for (int k = 0; k < target.length; k++) {
            starts[k + 1] += starts[k];
        }
        int[] order = new int[n];
        int[] next = starts.clone();
        for (int i = 0; i < n; i++) {
            int list = lists[i];
            int position = target[list].size + next[list] - starts[list];
            order[next[list]++] = i;
            if (!locations.putIfAbsent(ids[i], location(list, position))) {
                // ids[0..i) were all absent before this batch
                for (int j = 0; j < i; j++) {
                    locations.remove(ids[j]);
                }
                return false;
            }
        }
        for (int k = 0; k < target.length; k++) {
            if (starts[k + 1] > starts[k]) {
                target[k].appendAll(order, starts[k], starts[k + 1], ids, timestamps, codes, vectors);
            }
        }
        return true;
    }

    /** PQ-encodes vector[offset..offset+d) for the given list into {@link #codeScratch}. */
    private void encode(ProductQuantizer pq, float[] anchors, int list, float[] vector, int offset) {
        if (config.residualEncoding()) {
            int d = config.dimension();
            for (int j = 0; j < d; j++) {
                residualScratch[j] = vector[offset + j] - anchors[list * d + j];
            }
            pq.encode(residualScratch, 0, codeScratch, 0);
        } else {
            pq.encode(vector, offset, codeScratch, 0);
        }
    }

    /** Deletes {@code id} (a tombstone, compacting its list past 20%); false when absent. */
    public boolean remove(long id) {
        long location = locations.remove(id);
        if (location == LongLongMap.MISSING) {
            return false;
        }
        int list = (int) (location >>> 32);
        InvertedList invertedList = layout.lists[list];
        invertedList.markDead((int) location);
        compactIfNeeded(invertedList, list);
        return true;
    }

    /** Removes every vector whose timestamp is &lt; {@code cutoff}; returns how many were removed. */
    public int expireBefore(long cutoff) {
        InvertedList[] lists = layout.lists;
        int removed = 0;
        for (int list = 0; list < lists.length; list++) {
            InvertedList invertedList = lists[list];
            for (int position = 0; position < invertedList.size; position++) {
                if (!invertedList.isDead(position) && invertedList.timestamps[position] < cutoff) {
                    locations.remove(invertedList.ids[position]);
                    invertedList.markDead(position);
                    removed++;
                }
            }
            compactIfNeeded(invertedList, list);
        }
        return removed;
    }

    private void compactIfNeeded(InvertedList invertedList, int list) {
        if (invertedList.tombstones > COMPACTION_THRESHOLD * invertedList.size) {
            invertedList.compactInto(locations, list);
        }
    }

    /**
     * The approximate k nearest neighbours of {@code query} among the live vectors of the
     * {@code nprobe} lists whose centroids are nearest.
     *
     * @param k at least 1
     * @param nprobe at least 1; values above K are treated as K
     * @throws IllegalArgumentException if k or nprobe &lt; 1 or the query does not have d finite values
     */
    public SearchResult search(float[] query, int k, int nprobe) {
        checkSearch(query, k, nprobe);
        Layout current = layout;
        CodeScan scan = scans.get();
        int count = Math.min(nprobe, config.numLists());
        current.coarse.nearest(query, 0, query.length, 1, count, scan.probes, scan.coarseScratch, scan.nearestLists);
        return searchLists(current, scan, query, k, count);
    }

    /**
     * Searches every query as {@link #search(float[], int, int)} does, with the same results, ranking
     * the centroids for up to four queries per pass over them (as Faiss's batched search ranks them
     * with one matrix product).
     *
     * @param queries each with d finite values
     * @throws IllegalArgumentException if k or nprobe &lt; 1 or a query does not have d finite values;
     *     nothing is searched then
     */
    public SearchResult[] search(float[][] queries, int k, int nprobe) {
        int d = config.dimension();
        int n = queries.length;
        float[] flat = new float[n * d];
        for (int q = 0; q < n; q++) {
            checkSearch(queries[q], k, nprobe);
            System.arraycopy(queries[q], 0, flat, q * d, d);
        }
        Layout current = layout;
        CodeScan scan = scans.get();
        int count = Math.min(nprobe, config.numLists());
        int[] probes = new int[n * count];
        current.coarse.nearest(flat, 0, d, n, count, probes, scan.coarseScratch, scan.nearestLists);
        SearchResult[] results = new SearchResult[n];
        for (int q = 0; q < n; q++) {
            System.arraycopy(probes, q * count, scan.probes, 0, count);
            results[q] = searchLists(current, scan, queries[q], k, count);
        }
        return results;
    }

    private void checkSearch(float[] query, int k, int nprobe) {
        Distances.checkVector("query", query, config.dimension());
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (nprobe < 1) {
            throw new IllegalArgumentException("nprobe must be at least 1, got " + nprobe);
        }
    }

    /**
     * The k best live entries of the lists scan.probes[0..probeCount) for {@code query}: per list and
     * segment, a scan of its codes with the precomputed residual tables (one ⟨q, codeword⟩ table per
     * query, combined per anchor with its term table) or, without them, with the distance table of q or
     * q − a; {@link CodeScan} returns exactly the k best direct asymmetric distances either way.
     */
    private SearchResult searchLists(Layout current, CodeScan scan, float[] query, int k, int probeCount) {
        int d = config.dimension();
        ProductQuantizer pq = current.pq;
        int numCodewords = pq.numCodewords();
        int tableSize = pq.distanceTableSize();
        float[] table = scan.table;
        ResidualTables tables = current.tables;
        scan.begin(k);
        if (tables == null) {
            pq.computeDistanceTable(query, 0, table);
        }
        boolean products = false;
        double queryNorm = 0;
        float[] tableAnchors = null;
        int tableOffset = 0;
        float bias = 0;
        float tolerance = 0;
        for (int p = 0; p < probeCount; p++) {
            int list = scan.probes[p];
            InvertedList invertedList = current.lists[list];
            int segments = invertedList.segments();
            for (int segment = 0; segment < segments; segment++) {
                int start = invertedList.segmentStart(segment);
                int end = invertedList.segmentEnd(segment);
                if (start == end) {
                    continue;
                }
                if (tables == null) {
                    scan.scan(invertedList, start, end, table, numCodewords, 0, 0, null, 0);
                    continue;
                }
                boolean open = segment == segments - 1;
                float[] anchors = open ? current.anchors : invertedList.olderAnchors;
                int offset = (open ? list : segment) * d;
                // consecutive segments share an anchor after a move: one table serves both
                if (tableAnchors == null
                        || !Arrays.equals(tableAnchors, tableOffset, tableOffset + d, anchors, offset, offset + d)) {
                    tableAnchors = anchors;
                    tableOffset = offset;
                    float[] terms = open ? tables.openTable(list) : tables.olderTable(list, segment, anchors);
                    bias = Distances.squaredL2(query, 0, anchors, offset, d);
                    tolerance = Float.POSITIVE_INFINITY;
                    if (terms != null) {
                        if (!products) {
                            tables.innerProducts(query, 0, scan.products);
                            queryNorm = norm(query, 0, d);
                            products = true;
                        }
                        tolerance = tables.bound(bias, queryNorm, norm(anchors, offset, d));
                    }
                    if (tolerance == Float.POSITIVE_INFINITY) {
                        float[] residual = scan.residual;
                        for (int j = 0; j < d; j++) {
                            residual[j] = query[j] - anchors[offset + j];
                        }
                        pq.computeDistanceTable(residual, 0, table);
                        bias = 0;
                        tolerance = 0;
                    } else {
                        float[] inner = scan.products;
                        for (int e = 0; e < tableSize; e++) {
                            table[e] = terms[e] - 2 * inner[e];
                        }
                    }
                }
                scan.scan(invertedList, start, end, table, numCodewords, bias, tolerance, anchors, offset);
            }
        }
        return scan.finish(query, tables);
    }

    /** ‖x[offset..offset+d)‖ in double. */
    private static double norm(float[] x, int offset, int d) {
        double squared = 0;
        for (int j = 0; j < d; j++) {
            squared += (double) x[offset + j] * x[offset + j];
        }
        return Math.sqrt(squared);
    }

    /**
     * Applies a maintenance step computed by this index or by another index with the same quantizer
     * (see {@link QuantizerUpdate} for the move rule). The new lists are built aside and published
     * with the new version in one volatile write.
     *
     * @throws IllegalArgumentException if the update's version is not {@link #version()} + 1, or its
     *     centroids, codebooks or lists do not fit this index's configuration
     */
    public MaintenanceReport apply(QuantizerUpdate update) {
        Layout current = layout;
        int d = config.dimension();
        int numLists = config.numLists();
        checkFits(config, update, current.version);
        float[] centroids = update.centroids().clone();
        float[] anchors = update.anchors().clone();
        ProductQuantizer pq = update.publishesCodebooks() ? update.pq() : current.pq;
        int[] reassignedLists = update.reassignedLists();
        boolean[] reassigned = new boolean[numLists];
        for (int list : reassignedLists) {
            reassigned[list] = true;
        }
        boolean[] forward = new boolean[numLists];
        for (int list : update.forwardLists()) {
            forward[list] = true;
        }
        InvertedList[] lists = current.lists.clone();
        int changed = 0;
        long[] reencodedCount = new long[1];
        for (int list = 0; list < numLists; list++) {
            boolean moved = !Arrays.equals(current.centroids, list * d, (list + 1) * d,
                    centroids, list * d, (list + 1) * d);
            if (moved || reassigned[list]) {
                changed++;
            }
            boolean reanchored = !Arrays.equals(current.anchors, list * d, (list + 1) * d,
                    anchors, list * d, (list + 1) * d);
            if (reassigned[list]) {
                continue;
            }
            if (update.replacesCodebooks()) {
                lists[list] = recoded(current.lists[list], list, pq, anchors, reencodedCount);
            } else if (config.residualEncoding() && reanchored) {
                lists[list] = reanchored(current.lists[list], list, pq, current.anchors, anchors, forward[list],
                        reencodedCount);
            }
        }
        long reencoded = reencodedCount[0];
        long movedVectors = 0;
        if (reassignedLists.length > 0) {
            float[] targetCentroids = new float[reassignedLists.length * d];
            int n = 0;
            for (int j = 0; j < reassignedLists.length; j++) {
                System.arraycopy(centroids, reassignedLists[j] * d, targetCentroids, j * d, d);
                n += current.lists[reassignedLists[j]].liveSize();
            }
            CentroidTable targets = new CentroidTable(targetCentroids, 0, reassignedLists.length, d);
            float[] targetDistances = new float[reassignedLists.length];
            for (int list : reassignedLists) {
                lists[list] = new InvertedList(config.numSubQuantizers(), d, n / reassignedLists.length);
            }
            boolean reencode = update.replacesCodebooks() || config.residualEncoding();
            int codeSize = config.numSubQuantizers();
            for (int list : reassignedLists) {
                InvertedList source = current.lists[list];
                int[] nearest = new int[source.size];
                targets.assign(source.vectors, 0, d, source.size, nearest, 0, null, targetDistances);
                // one batch per source list, each entry against its target's anchor
                byte[] codes = reencode
                        ? encodeLive(source, 0, source.size, pq, anchors, position -> reassignedLists[nearest[position]] * d)
                        : source.codes;
                int entry = 0;
                for (int position = 0; position < source.size; position++) {
                    if (!source.isDead(position)) {
                        int target = reassignedLists[nearest[position]];
                        int codeOffset = (reencode ? entry : position) * codeSize;
                        lists[target].append(source.ids[position], source.timestamps[position], codes, codeOffset,
                                source.vectors, position * d);
                        entry++;
                        movedVectors += target != list ? 1 : 0;
                        reencoded += reencode ? 1 : 0;
                    }
                }
            }
        }
        publish(new Layout(centroids, anchors, lists, pq, update.version()));
        for (int list = 0; list < numLists; list++) {
            if (reassigned[list]) {
                indexLocations(lists[list], list);
            }
        }
        return new MaintenanceReport(update.kind(), update.version(), changed, movedVectors, reencoded, size());
    }

    /**
     * {@code source} after its anchor moved from {@code oldAnchors[list·d..)} to {@code anchors[list·d..)}:
     * its open segment, the vectors inserted since the previous move, is closed, with the codes it has
     * under the old anchor when {@code closeAsCoded} (a forward anchor, {@link LazyUpdate#forwardAnchors},
     * was set ahead of them), else re-encoded against the new anchor (the old one lags behind them); a
     * new, empty segment opens; while
     * the list holds more than {@link IvfPqConfig#maxSegments()} segments its oldest one is merged into
     * the next, re-encoded against that one's anchor unless the two are equal. Adds the number of
     * vectors re-encoded to {@code reencoded[0]}.
     */
    private InvertedList reanchored(InvertedList source, int list, ProductQuantizer pq, float[] oldAnchors,
            float[] anchors, boolean closeAsCoded, long[] reencoded) {
        int d = config.dimension();
        int codeSize = config.numSubQuantizers();
        InvertedList next;
        if (closeAsCoded) {
            next = source.withSegmentOpened(oldAnchors, list * d);
        } else {
            int openStart = source.segmentStart(source.segments() - 1);
            byte[] fresh = encodeLive(source, openStart, source.size, pq, anchors, list * d);
            reencoded[0] += fresh.length / codeSize;
            next = source.withCodes(openStart, source.size, fresh).withSegmentOpened(anchors, list * d);
        }
        while (next.segments() > config.maxSegments()) {
            float[] target = next.segments() > 2 ? next.olderAnchors : anchors;
            int offset = next.segments() > 2 ? d : list * d;
            if (!Arrays.equals(next.olderAnchors, 0, d, target, offset, offset + d)) {
                byte[] codes = encodeLive(next, 0, next.segmentEnd(0), pq, target, offset);
                reencoded[0] += codes.length / codeSize;
                next = next.withCodes(0, next.segmentEnd(0), codes);
            }
            next = next.withOldestSegmentMerged();
        }
        return next;
    }

    private static void checkFits(IvfPqConfig config, QuantizerUpdate update, long currentVersion) {
        if (update.version() != currentVersion + 1) {
            throw new IllegalArgumentException("update version must be " + (currentVersion + 1) + ", got "
                    + update.version());
        }
        int d = config.dimension();
        if (update.centroids().length != config.numLists() * d) {
            throw new IllegalArgumentException("update centroids must hold K*d = " + config.numLists() * d
                    + " floats, got " + update.centroids().length);
        }
        if (update.anchors().length != config.numLists() * d) {
            throw new IllegalArgumentException("update anchors must hold K*d = " + config.numLists() * d
                    + " floats, got " + update.anchors().length);
        }
        if (update.pq().dimension() != d || update.pq().numSubQuantizers() != config.numSubQuantizers()) {
            throw new IllegalArgumentException("update PQ must have d = " + d + " and M = "
                    + config.numSubQuantizers());
        }
        boolean[] seen = new boolean[config.numLists()];
        for (int list : update.reassignedLists()) {
            if (list < 0 || list >= seen.length || seen[list]) {
                throw new IllegalArgumentException("update reassignedLists must be distinct lists in [0, "
                        + seen.length + "), got " + list);
            }
            seen[list] = true;
        }
        boolean[] forward = new boolean[config.numLists()];
        for (int list : update.forwardLists()) {
            if (list < 0 || list >= forward.length || forward[list] || seen[list]) {
                throw new IllegalArgumentException("update forwardLists must be distinct lists in [0, "
                        + forward.length + ") that are not reassigned, got " + list);
            }
            forward[list] = true;
        }
    }

    /**
     * {@code source} with the codes of its live entries recomputed against {@code pq}, segment by segment
     * against each segment's own anchor (the open one against {@code anchors[list·d..)}), so that its
     * segments stay as they are; adds the number of vectors re-encoded to {@code reencoded[0]}.
     */
    private InvertedList recoded(InvertedList source, int list, ProductQuantizer pq, float[] anchors,
            long[] reencoded) {
        int d = config.dimension();
        InvertedList next = source;
        int segments = source.segments();
        for (int segment = 0; segment < segments; segment++) {
            boolean open = segment == segments - 1;
            int start = source.segmentStart(segment);
            int end = source.segmentEnd(segment);
            byte[] codes = encodeLive(source, start, end, pq, open ? anchors : source.olderAnchors,
                    (open ? list : segment) * d);
            reencoded[0] += codes.length / config.numSubQuantizers();
            next = next.withCodes(start, end, codes);
        }
        return next;
    }

    /**
     * The codes of the live entries at positions [from, to) of {@code source}, in order, computed in one
     * batch against {@code pq} and (with residual codes) the anchor {@code anchors[offset..offset+d)}.
     */
    private byte[] encodeLive(InvertedList source, int from, int to, ProductQuantizer pq, float[] anchors,
            int offset) {
        return encodeLive(source, from, to, pq, anchors, position -> offset);
    }

    /**
     * As {@link #encodeLive(InvertedList, int, int, ProductQuantizer, float[], int)}, the entry at
     * {@code position} against the anchor at {@code anchors[anchorOffset(position) ..)}.
     */
    private byte[] encodeLive(InvertedList source, int from, int to, ProductQuantizer pq, float[] anchors,
            IntUnaryOperator anchorOffset) {
        int d = config.dimension();
        int live = 0;
        for (int position = from; position < to; position++) {
            live += source.isDead(position) ? 0 : 1;
        }
        float[] toEncode = new float[live * d];
        int i = 0;
        for (int position = from; position < to; position++) {
            if (!source.isDead(position)) {
                int offset = config.residualEncoding() ? anchorOffset.applyAsInt(position) : 0;
                for (int j = 0; j < d; j++) {
                    toEncode[i * d + j] = config.residualEncoding()
                            ? source.vectors[position * d + j] - anchors[offset + j]
                            : source.vectors[position * d + j];
                }
                i++;
            }
        }
        byte[] codes = new byte[live * config.numSubQuantizers()];
        pq.encodeAll(toEncode, 0, live, codes, 0);
        return codes;
    }

    private void indexLocations(InvertedList invertedList, int list) {
        for (int position = 0; position < invertedList.size; position++) {
            locations.put(invertedList.ids[position], location(list, position));
        }
    }

    private void publish(Layout next) {
        layout = next.withTables(config.residualEncoding(), layout);
    }

    static int[] allLists(int numLists) {
        int[] all = new int[numLists];
        for (int list = 0; list < all.length; list++) {
            all[list] = list;
        }
        return all;
    }

    /**
     * The published quantizer as a REBUILD-kind update at the current version with every list
     * reassigned: {@link #empty(IvfPqConfig, QuantizerUpdate)} turns it into an empty index that
     * assigns and encodes exactly as this one does.
     */
    public QuantizerUpdate quantizer() {
        Layout current = layout;
        return new QuantizerUpdate(MaintenanceReport.Kind.REBUILD, current.version, current.centroids.clone(),
                current.anchors.clone(), current.pq, allLists(config.numLists()));
    }

    /**
     * An empty index with the given quantizer (centroids, codebooks, version), e.g. one parallel
     * shard of an index whose quantizer another instance trained ({@link #quantizer()}).
     *
     * @throws IllegalArgumentException if the quantizer does not fit the configuration
     */
    public static IvfPqIndex empty(IvfPqConfig config, QuantizerUpdate quantizer) {
        checkFits(config, quantizer, quantizer.version() - 1);
        return new IvfPqIndex(config, new Layout(quantizer.centroids().clone(), quantizer.anchors().clone(),
                emptyLists(config), quantizer.pq(), quantizer.version()));
    }

    /**
     * One index holding the live entries of {@code parts} whose id {@code keep} accepts, each in the
     * list and with the code it has in its part: how parallel shards of one logical index (which share
     * a quantizer and hold disjoint ids) are re-partitioned when their number changes. No vector is
     * re-assigned or re-encoded, so the result answers every search as the union of the kept entries
     * did in the parts.
     *
     * @param parts at least one index, all with the same quantizer (version, centroids, anchors,
     *     codebooks); the result has the first part's configuration
     * @throws IllegalArgumentException if parts is empty, the parts do not share one quantizer, or a
     *     kept id is live in two parts
     */
    public static IvfPqIndex merge(List<IvfPqIndex> parts, LongPredicate keep) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("merge needs at least one part");
        }
        IvfPqIndex first = parts.get(0);
        Layout shared = first.layout;
        for (IvfPqIndex part : parts) {
            Layout layout = part.layout;
            if (layout.version != shared.version
                    || !Arrays.equals(layout.centroids, shared.centroids) || !Arrays.equals(layout.anchors, shared.anchors)
                    || !Arrays.equals(layout.pq.codebooks(), shared.pq.codebooks())) {
                throw new IllegalArgumentException("merge parts must share one quantizer, got "
                        + "versions " + shared.version + " and " + layout.version);
            }
        }
        IvfPqConfig config = first.config;
        InvertedList[] lists = emptyLists(config);
        IvfPqIndex merged = new IvfPqIndex(config,
                new Layout(shared.centroids.clone(), shared.anchors.clone(), lists, shared.pq, shared.version));
        int d = config.dimension();
        for (int list = 0; list < lists.length; list++) {
            // every part's older anchors are a suffix of the longest history (all parts applied the same
            // updates; a part created later saw fewer of them), so segments line up from the newest back
            InvertedList longest = first.layout.lists[list];
            for (IvfPqIndex part : parts) {
                if (part.layout.lists[list].segments() > longest.segments()) {
                    longest = part.layout.lists[list];
                }
            }
            int segments = longest.segments();
            for (IvfPqIndex part : parts) {
                float[] older = part.layout.lists[list].olderAnchors;
                if (!Arrays.equals(older, 0, older.length, longest.olderAnchors,
                        longest.olderAnchors.length - older.length, longest.olderAnchors.length)) {
                    throw new IllegalArgumentException("merge parts must share one quantizer, list " + list
                            + " has segment anchors of different histories");
                }
            }
            int[] ends = new int[segments - 1];
            for (int segment = 0; segment < segments; segment++) {
                for (IvfPqIndex part : parts) {
                    InvertedList source = part.layout.lists[list];
                    int own = segment - (segments - source.segments());
                    if (own < 0) {
                        continue;
                    }
                    for (int position = source.segmentStart(own); position < source.segmentEnd(own); position++) {
                        long id = source.ids[position];
                        if (source.isDead(position) || !keep.test(id)) {
                            continue;
                        }
                        if (merged.locations.get(id) != LongLongMap.MISSING) {
                            throw new IllegalArgumentException("merge parts must hold disjoint ids, " + id
                                    + " is live in two");
                        }
                        int at = lists[list].append(id, source.timestamps[position], source.codes,
                                position * source.codeSize, source.vectors, position * d);
                        merged.locations.put(id, location(list, at));
                    }
                }
                if (segment < segments - 1) {
                    ends[segment] = lists[list].size;
                }
            }
            lists[list].olderAnchors = longest.olderAnchors;
            lists[list].olderEnds = ends;
        }
        merged.publish(merged.layout); // the segments' anchors are known only now
        return merged;
    }

    /**
     * A read-only view of the published state, over which {@link MaintenanceStep}s plan their
     * updates. It reads the lists in place, so it is valid until the next add, remove, expiry or
     * {@link #apply}.
     */
    public View view() {
        return new IndexView(config, layout);
    }

    /**
     * What a maintenance step may read of an index: quantizer, list sizes, running sums, raw vectors.
     * {@link #view()} reads an index; {@link ListStatistics#view} reads merged per-list statistics of
     * several shards and has no raw vectors.
     */
    public interface View {

        IvfPqConfig config();

        /** The published version; a step plans version() + 1. */
        long version();

        /** The K·d row-major coarse centroids; a fresh copy. */
        float[] centroids();

        /** The K·d row-major anchors of the residual codes; a fresh copy. */
        float[] anchors();

        ProductQuantizer productQuantizer();

        /** Live vectors in list {@code list}, n_k. */
        int liveSize(int list);

        /**
         * Writes the mean of list {@code list}'s live vectors, from its running double-precision sum,
         * to {@code target[offset..offset+d)}; the list must not be empty.
         */
        void meanInto(int list, float[] target, int offset);

        /**
         * Live vectors in the open segment of list {@code list}: those added since its anchor last moved
         * (the whole list while it is one segment).
         */
        int openSegmentLiveSize(int list);

        /**
         * Writes the mean of the live vectors of list {@code list}'s open segment
         * ({@link #openSegmentLiveSize}, which must not be 0) to {@code target[offset..offset+d)}.
         */
        void openSegmentMeanInto(int list, float[] target, int offset);

        /** The mean squared distance of list {@code list}'s live vectors to {@code point[offset..offset+d)}. */
        double meanSquaredDistance(int list, float[] point, int offset);

        /** The live raw vectors of {@code lists}, list by list in storage order, n·d row-major in a new array. */
        float[] liveVectors(int[] lists);

        /**
         * What the live vectors' codes quantise, n·d row-major in a new array, list by list in storage
         * order: with residual codes x − a, a the anchor of x's segment (the open segment's is the list's
         * anchor), else x.
         */
        float[] liveResiduals();

        /** The timestamps of the live vectors, in the order of {@link #liveResiduals()}. */
        long[] liveTimestamps();

        /** The M-byte codes of the live vectors, n·M in a new array, in the order of {@link #liveResiduals()}. */
        byte[] liveCodes();

        /** Every list number, 0..K−1. */
        default int[] allLists() {
            return IvfPqIndex.allLists(config().numLists());
        }
    }

    /** The {@link View} of one index's published state. */
    private static final class IndexView implements View {

        private final IvfPqConfig config;
        private final Layout layout;

        private IndexView(IvfPqConfig config, Layout layout) {
            this.config = config;
            this.layout = layout;
        }

        @Override
        public IvfPqConfig config() {
            return config;
        }

        @Override
        public long version() {
            return layout.version;
        }

        @Override
        public float[] centroids() {
            return layout.centroids.clone();
        }

        @Override
        public float[] anchors() {
            return layout.anchors.clone();
        }

        @Override
        public ProductQuantizer productQuantizer() {
            return layout.pq;
        }

        @Override
        public int liveSize(int list) {
            return layout.lists[list].liveSize();
        }

        @Override
        public void meanInto(int list, float[] target, int offset) {
            InvertedList invertedList = layout.lists[list];
            InvertedList.meanInto(invertedList.sum, 0, invertedList.liveSize(), target, offset, config.dimension());
        }

        @Override
        public int openSegmentLiveSize(int list) {
            InvertedList invertedList = layout.lists[list];
            int live = 0;
            for (int position = invertedList.segmentStart(invertedList.segments() - 1); position < invertedList.size;
                    position++) {
                live += invertedList.isDead(position) ? 0 : 1;
            }
            return live;
        }

        @Override
        public void openSegmentMeanInto(int list, float[] target, int offset) {
            InvertedList invertedList = layout.lists[list];
            int d = config.dimension();
            double[] sum = new double[d];
            int live = 0;
            for (int position = invertedList.segmentStart(invertedList.segments() - 1); position < invertedList.size;
                    position++) {
                if (!invertedList.isDead(position)) {
                    for (int j = 0; j < d; j++) {
                        sum[j] += invertedList.vectors[position * d + j];
                    }
                    live++;
                }
            }
            for (int j = 0; j < d; j++) {
                target[offset + j] = (float) (sum[j] / live);
            }
        }

        @Override
        public double meanSquaredDistance(int list, float[] point, int offset) {
            return layout.lists[list].meanSquaredDistanceTo(point, offset);
        }

        @Override
        public float[] liveVectors(int[] lists) {
            int d = config.dimension();
            long n = 0;
            for (int list : lists) {
                n += layout.lists[list].liveSize();
            }
            float[] vectors = new float[Math.toIntExact(n * d)];
            int i = 0;
            for (int list : lists) {
                InvertedList source = layout.lists[list];
                for (int position = 0; position < source.size; position++) {
                    if (!source.isDead(position)) {
                        System.arraycopy(source.vectors, position * d, vectors, i++ * d, d);
                    }
                }
            }
            return vectors;
        }

        @Override
        public float[] liveResiduals() {
            float[] residuals = liveVectors(allLists());
            if (!config.residualEncoding()) {
                return residuals;
            }
            int d = config.dimension();
            int i = 0;
            for (int list = 0; list < config.numLists(); list++) {
                InvertedList source = layout.lists[list];
                int segments = source.segments();
                for (int segment = 0; segment < segments; segment++) {
                    boolean open = segment == segments - 1;
                    float[] anchors = open ? layout.anchors : source.olderAnchors;
                    int offset = (open ? list : segment) * d;
                    for (int position = source.segmentStart(segment); position < source.segmentEnd(segment);
                            position++) {
                        if (!source.isDead(position)) {
                            for (int j = 0; j < d; j++) {
                                residuals[i * d + j] -= anchors[offset + j];
                            }
                            i++;
                        }
                    }
                }
            }
            return residuals;
        }

        @Override
        public long[] liveTimestamps() {
            long n = 0;
            for (InvertedList list : layout.lists) {
                n += list.liveSize();
            }
            long[] timestamps = new long[Math.toIntExact(n)];
            int i = 0;
            for (InvertedList list : layout.lists) {
                for (int position = 0; position < list.size; position++) {
                    if (!list.isDead(position)) {
                        timestamps[i++] = list.timestamps[position];
                    }
                }
            }
            return timestamps;
        }

        @Override
        public byte[] liveCodes() {
            int codeSize = config.numSubQuantizers();
            long n = 0;
            for (InvertedList list : layout.lists) {
                n += list.liveSize();
            }
            byte[] codes = new byte[Math.toIntExact(n * codeSize)];
            int i = 0;
            for (InvertedList list : layout.lists) {
                for (int position = 0; position < list.size; position++) {
                    if (!list.isDead(position)) {
                        System.arraycopy(list.codes, position * codeSize, codes, i++ * codeSize, codeSize);
                    }
                }
            }
            return codes;
        }
    }

    /** Number of live vectors. */
    public int size() {
        return locations.size();
    }

    /** True when {@code id} is live in the index. */
    public boolean contains(long id) {
        return locations.get(id) != LongLongMap.MISSING;
    }

    /** The live size of every list, n_k. */
    public int[] listSizes() {
        InvertedList[] lists = layout.lists;
        int[] sizes = new int[lists.length];
        for (int list = 0; list < lists.length; list++) {
            sizes[list] = lists[list].liveSize();
        }
        return sizes;
    }

    /**
     * The imbalance factor IF = K·Σ n_k² / N² (1 for perfectly balanced lists, K when one list
     * holds everything; the expected scan cost grows with it); 1 for an empty index.
     */
    public double imbalanceFactor() {
        int[] sizes = listSizes();
        double total = 0;
        double squares = 0;
        for (int size : sizes) {
            total += size;
            squares += (double) size * size;
        }
        return total == 0 ? 1.0 : sizes.length * squares / (total * total);
    }

    /** The number of the list holding {@code id}, or −1 when it is not live. */
    public int listOf(long id) {
        long location = locations.get(id);
        return location == LongLongMap.MISSING ? -1 : (int) (location >>> 32);
    }

    /** The live ids of list {@code list} in storage order. */
    public long[] listIds(int list) {
        InvertedList invertedList = layout.lists[list];
        long[] ids = new long[invertedList.liveSize()];
        int i = 0;
        for (int position = 0; position < invertedList.size; position++) {
            if (!invertedList.isDead(position)) {
                ids[i++] = invertedList.ids[position];
            }
        }
        return ids;
    }

    /** List {@code list} of the published state, in place (for tests of the search path). */
    InvertedList invertedList(int list) {
        return layout.lists[list];
    }

    /** Entries stored in list {@code list} including tombstones (for observing compaction). */
    public int storedEntries(int list) {
        return layout.lists[list].size;
    }

    /** The version of the published state: 0 after training, +1 per maintenance step that publishes. */
    public long version() {
        return view().version();
    }

    /** The K·d row-major coarse centroids; a fresh copy. */
    public float[] centroids() {
        return view().centroids();
    }

    /** The K·d row-major anchors residual codes are taken against (see the class comment); a fresh copy. */
    public float[] anchors() {
        return view().anchors();
    }

    /** The product quantizer of the published state. */
    public ProductQuantizer productQuantizer() {
        return view().productQuantizer();
    }

    public IvfPqConfig config() {
        return config;
    }

    /**
     * Format 3: config (d, K, M, residual, re-anchor threshold, max segments, splitLists, iterations,
     * points per centroid, seed), version, centroids, anchors, PQ (codewords per sub-quantizer,
     * codebooks), then per list its live entries in storage order (count; per entry id, timestamp, code,
     * raw vector), its running sum and sum of squared norms, and its older segments (count; per segment,
     * oldest first, its live entries and its anchor; the open segment holds the remaining entries).
     * Tombstones are not written: a restored index is compacted. Format 2 had no segments (read as
     * S = 1, every list one segment); format 1 also had no threshold (read as θ = 0, its behaviour), no
     * anchors (they were the centroids) and no sum of squares (recomputed from the entries).
     */
    public static final class Codec implements StateCodec<IvfPqIndex> {

        @Override
        public int version() {
            return 3;
        }

        @Override
        public void write(IvfPqIndex value, DataOutput out) throws IOException {
            IvfPqConfig config = value.config;
            Layout layout = value.layout;
            out.writeInt(config.dimension());
            out.writeInt(config.numLists());
            out.writeInt(config.numSubQuantizers());
            out.writeBoolean(config.residualEncoding());
            out.writeDouble(config.reanchorThreshold());
            out.writeInt(config.maxSegments());
            out.writeInt(config.splitLists());
            out.writeInt(config.trainingIterations());
            out.writeInt(config.trainingPointsPerCentroid());
            out.writeLong(config.seed());
            out.writeLong(layout.version);
            ArrayFormat.writeFloats(layout.centroids, out);
            ArrayFormat.writeFloats(layout.anchors, out);
            out.writeInt(layout.pq.numCodewords());
            float[] codebooks = layout.pq.codebooks();
            ArrayFormat.writeFloats(codebooks, out);
            int d = config.dimension();
            int codeSize = config.numSubQuantizers();
            for (InvertedList list : layout.lists) {
                out.writeInt(list.liveSize());
                for (int position = 0; position < list.size; position++) {
                    if (!list.isDead(position)) {
                        out.writeLong(list.ids[position]);
                        out.writeLong(list.timestamps[position]);
                        out.write(list.codes, position * codeSize, codeSize);
                        for (int j = 0; j < d; j++) {
                            out.writeFloat(list.vectors[position * d + j]);
                        }
                    }
                }
                ArrayFormat.writeDoubles(list.sum, out);
                out.writeDouble(list.sumOfSquares);
                out.writeInt(list.olderEnds.length);
                for (int segment = 0; segment < list.olderEnds.length; segment++) {
                    int live = 0;
                    for (int position = list.segmentStart(segment); position < list.segmentEnd(segment); position++) {
                        live += list.isDead(position) ? 0 : 1;
                    }
                    out.writeInt(live);
                    ArrayFormat.writeFloats(Arrays.copyOfRange(list.olderAnchors, segment * d, (segment + 1) * d), out);
                }
            }
        }

        @Override
        public IvfPqIndex read(DataInput in, int version) throws IOException {
            int d = in.readInt();
            int numLists = in.readInt();
            int codeSize = in.readInt();
            IvfPqConfig config = new IvfPqConfig(d, numLists, codeSize)
                    .withResidualEncoding(in.readBoolean())
                    .withReanchorThreshold(version >= 2 ? in.readDouble() : 0)
                    .withMaxSegments(version >= 3 ? in.readInt() : 1)
                    .withSplitLists(in.readInt())
                    .withTrainingIterations(in.readInt())
                    .withTrainingPointsPerCentroid(in.readInt())
                    .withSeed(in.readLong());
            long layoutVersion = in.readLong();
            float[] centroids = ArrayFormat.readFloats(in, numLists * d);
            float[] anchors = version >= 2 ? ArrayFormat.readFloats(in, numLists * d) : centroids.clone();
            int numCodewords = in.readInt();
            ProductQuantizer pq =
                    new ProductQuantizer(d, codeSize, numCodewords,
                            ArrayFormat.readFloats(in, numCodewords * d));
            InvertedList[] lists = new InvertedList[numLists];
            byte[] code = new byte[codeSize];
            float[] vector = new float[d];
            for (int list = 0; list < numLists; list++) {
                int live = in.readInt();
                InvertedList invertedList = new InvertedList(codeSize, d, live);
                for (int e = 0; e < live; e++) {
                    long id = in.readLong();
                    long timestamp = in.readLong();
                    in.readFully(code);
                    ArrayFormat.readFloats(in, vector);
                    invertedList.append(id, timestamp, code, 0, vector, 0);
                }
                ArrayFormat.readDoubles(in, invertedList.sum);
                if (version >= 2) {
                    invertedList.sumOfSquares = in.readDouble();
                }
                if (version >= 3) {
                    int older = in.readInt();
                    invertedList.olderEnds = new int[older];
                    float[] olderAnchors = new float[older * d];
                    int end = 0;
                    for (int segment = 0; segment < older; segment++) {
                        end += in.readInt();
                        if (end > live) {
                            throw new IOException("list " + list + " has segments of more than its " + live
                                    + " entries");
                        }
                        invertedList.olderEnds[segment] = end;
                        System.arraycopy(ArrayFormat.readFloats(in, d), 0, olderAnchors, segment * d, d);
                    }
                    invertedList.olderAnchors = olderAnchors;
                }
                lists[list] = invertedList;
            }
            IvfPqIndex index = new IvfPqIndex(config, new Layout(centroids, anchors, lists, pq, layoutVersion));
            for (int list = 0; list < numLists; list++) {
                index.indexLocations(lists[list], list);
            }
            return index;
        }
    }
}
