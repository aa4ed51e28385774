package io.flinkdrift.core.ann;

import io.flinkdrift.core.state.StateCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Residual codes in segments ({@link IvfPqConfig#maxSegments()}): against a brute-force model of every
 * list's anchor history, each vector's code is the code of x − a for the anchor the model says, every
 * search distance is that code's asymmetric distance bit for bit, and a step re-encodes exactly the
 * vectors whose anchor the model changes.
 */
class SegmentedListsTest {

    private static final int D = 16;
    private static final int K = 32;
    private static final int M = 8;

    private static IvfPqConfig config(int maxSegments) {
        return new IvfPqConfig(D, K, M).withResidualEncoding(true).withReanchorThreshold(0)
                .withMaxSegments(maxSegments).withTrainingIterations(10).withSplitLists(2).withSeed(3);
    }

    /** The model: per list the anchors it had, oldest first; per id its list and the history length at its add. */
    private static final class Model {
        final List<List<float[]>> history = new ArrayList<>();
        final Map<Long, int[]> placed = new HashMap<>();
        final Map<Long, float[]> vectors = new HashMap<>();
        final int maxSegments;
        /**
         * Forward anchors: the model follows each list's segments, oldest first (the last is the open one,
         * under the list's anchor), and each id's segment number counted from the list's first; a moved
         * anchor closes the open segment as coded when the update lists the list as forward, else under
         * the new anchor; the oldest segments beyond S merge into the next one and take its anchor.
         */
        final boolean forward;
        final List<List<float[]>> segments = new ArrayList<>();
        final int[] dropped = new int[K];

        Model(IvfPqIndex index, int maxSegments) {
            this(index, maxSegments, false);
        }

        Model(IvfPqIndex index, int maxSegments, boolean forward) {
            this.maxSegments = maxSegments;
            this.forward = forward;
            float[] anchors = index.anchors();
            for (int list = 0; list < K; list++) {
                List<float[]> anchorsOfList = new ArrayList<>();
                anchorsOfList.add(Arrays.copyOfRange(anchors, list * D, (list + 1) * D));
                history.add(anchorsOfList);
                segments.add(new ArrayList<>(anchorsOfList));
            }
        }

        void added(IvfPqIndex index, long id, float[] vector) {
            int list = index.listOf(id);
            placed.put(id, new int[] {list, history.get(list).size(), dropped[list] + segments.get(list).size() - 1});
            vectors.put(id, vector);
        }

        void removed(long id) {
            placed.remove(id);
            vectors.remove(id);
        }

        /**
         * The anchor id's code is taken against: the one its list moved to next after its add (the one it
         * was added under while the list has not moved since), or the oldest the list keeps once that one
         * dropped out of its last max(S − 1, 1) anchors.
         */
        float[] anchorOf(long id) {
            int[] at = placed.get(id);
            List<float[]> anchors = history.get(at[0]);
            if (forward) {
                List<float[]> kept = segments.get(at[0]);
                return kept.get(Math.max(at[2], dropped[at[0]]) - dropped[at[0]]);
            }
            int own = at[1] < anchors.size() ? at[1] : at[1] - 1;
            return anchors.get(Math.max(own, anchors.size() - Math.max(maxSegments - 1, 1)));
        }

        /** Records the anchors after a Lazy step and returns how many live vectors changed anchor. */
        long stepped(IvfPqIndex index, QuantizerUpdate update) {
            Map<Long, float[]> before = new HashMap<>();
            for (long id : placed.keySet()) {
                before.put(id, anchorOf(id));
            }
            float[] anchors = index.anchors();
            boolean[] asCoded = new boolean[K];
            for (int list : update.forwardLists()) {
                asCoded[list] = true;
            }
            for (int list = 0; list < K; list++) {
                float[] anchor = Arrays.copyOfRange(anchors, list * D, (list + 1) * D);
                List<float[]> anchorsOfList = history.get(list);
                if (!Arrays.equals(anchor, anchorsOfList.get(anchorsOfList.size() - 1))) {
                    anchorsOfList.add(anchor);
                    if (forward) {
                        moved(list, anchor, asCoded[list]);
                    }
                }
            }
            long changed = 0;
            for (long id : placed.keySet()) {
                changed += forward ? (Arrays.equals(before.get(id), anchorOf(id)) ? 0 : 1)
                        : (before.get(id) == anchorOf(id) ? 0 : 1);
            }
            return changed;
        }

        private void moved(int list, float[] anchor, boolean asCoded) {
            List<float[]> kept = segments.get(list);
            if (!asCoded) {
                kept.set(kept.size() - 1, anchor);
            }
            kept.add(anchor);
            while (kept.size() > maxSegments) {
                kept.remove(0);
                dropped[list]++;
            }
        }
    }

    /** A drifting stream with deletes and expiries, a Lazy step after each of five rounds. */
    private static IvfPqIndex drift(int maxSegments, Model[] model, long[] reencodedPerStep) {
        return drift(maxSegments, new LazyUpdate(), false, model, reencodedPerStep);
    }

    /** The stream of {@link #drift(int, Model[], long[])} with {@code lazy} as the step, modelled as forward or not. */
    private static IvfPqIndex drift(int maxSegments, LazyUpdate lazy, boolean forward, Model[] model,
            long[] reencodedPerStep) {
        Random random = new Random(41);
        float[] means = ClusteredData.means(12, D, 5, random);
        IvfPqIndex index = IvfPqIndex.train(config(maxSegments), ClusteredData.sample(2000, means, D, 1, random), 2000);
        model[0] = new Model(index, maxSegments, forward);
        long id = 0;
        for (int round = 0; round < 5; round++) {
            means = ClusteredData.rotated(means, 0.15);
            float[] data = ClusteredData.sample(600, means, D, 1, random);
            for (int i = 0; i < 600; i++) {
                float[] vector = ClusteredData.row(data, i, D);
                index.add(id, vector, round);
                model[0].added(index, id, vector);
                if (id % 7 == 3) {
                    index.remove(id - 3);
                    model[0].removed(id - 3);
                }
                id++;
            }
            if (round >= 3) {
                // the first round expires: whole old segments die and lists compact
                index.expireBefore(round - 2);
                model[0].placed.keySet().removeIf(live -> !index.contains(live));
            }
            QuantizerUpdate update = lazy.plan(index.view()).orElseThrow();
            MaintenanceReport report = index.apply(update);
            reencodedPerStep[round] = report.reencodedVectors();
            assertEquals(model[0].stepped(index, update), report.reencodedVectors(), "re-encoded in round " + round);
        }
        return index;
    }

    @ParameterizedTest(name = "maxSegments={0}")
    @ValueSource(ints = {1, 2, 4})
    void codesAreResidualsToTheAnchorTheModelSaysAndSearchIsTheirExactAsymmetricDistance(int maxSegments) {
        Model[] model = new Model[1];
        long[] reencoded = new long[5];
        IvfPqIndex index = drift(maxSegments, model, reencoded);
        if (maxSegments == 4) {
            // until a list holds four segments a move re-encodes only what was added since the last one
            for (int round = 0; round < 3; round++) {
                assertTrue(reencoded[round] <= 600, "round " + round + " re-encoded " + reencoded[round]);
            }
        } else {
            assertTrue(reencoded[1] > 0, "re-encoded " + Arrays.toString(reencoded));
        }
        assertCodesAreTheModels(index, model[0]);
    }

    /**
     * Forward anchors ({@link LazyUpdate#forwardAnchors}): with a failure bound no list reaches (infinity)
     * every vector stays coded against the anchor of its add until its segment leaves the last S, and only
     * those merges re-encode (no live vector with four segments over five rounds, as the oldest segments
     * have expired when they merge); with bound 0 every non-empty open segment is re-encoded against its
     * new anchor as with Lazy's rule. The model's codes, search distances and re-encoding counts hold
     * exactly either way.
     */
    @ParameterizedTest(name = "maxSegments={0}")
    @ValueSource(ints = {1, 2, 4})
    void forwardAnchorsKeepCodesTheModelSaysAndReencodeOnlyWhatItSays(int maxSegments) {
        for (boolean neverFails : new boolean[] {true, false}) {
            Model[] model = new Model[1];
            long[] reencoded = new long[5];
            LazyUpdate lazy = LazyUpdate.forwardAnchors(neverFails ? Double.POSITIVE_INFINITY : 0);
            IvfPqIndex index = drift(maxSegments, lazy, true, model, reencoded);
            if (neverFails && maxSegments == 4) {
                assertEquals(0, Arrays.stream(reencoded).sum(), Arrays.toString(reencoded));
            } else {
                assertTrue(reencoded[1] > 0, "re-encoded " + Arrays.toString(reencoded));
            }
            assertCodesAreTheModels(index, model[0]);
        }
    }

    /**
     * The forward anchor of every list the step moves is the mean of its open segment's live vectors (the
     * ids added since its previous move, in storage order) plus its centroid's displacement; the update's
     * forward lists are exactly the moved lists whose previous anchor was within the failure bound of that
     * mean; a list with an empty open segment takes its centroid.
     */
    @Test
    void forwardAnchorIsTheOpenSegmentMeanPlusTheCentroidDisplacement() {
        Model[] model = new Model[1];
        IvfPqIndex index = drift(3, LazyUpdate.forwardAnchors(Double.POSITIVE_INFINITY), true, model, new long[5]);
        Random random = new Random(7);
        long[] newest = model[0].placed.keySet().stream().mapToLong(Long::longValue).filter(id -> id >= 2400)
                .sorted().toArray();
        for (int i = 0; i < 500; i++) {
            float[] vector = model[0].vectors.get(newest[random.nextInt(newest.length)]).clone();
            for (int j = 0; j < D; j++) {
                vector[j] += (float) (0.3 * random.nextGaussian() + 0.5);
            }
            index.add(100_000 + i, vector, 9);
            model[0].added(index, 100_000 + i, vector);
        }
        float[] centroidsBefore = index.centroids();
        float[] anchorsBefore = index.anchors();
        // the failure bound: between the lists' quartile ratios of error to spread, so that some fail
        double[] ratios = new double[K];
        for (int list = 0; list < K; list++) {
            float[] mean = openMean(index, model[0], list);
            ratios[list] = mean == null ? Double.NaN : Distances.squaredL2(mean, 0, anchorsBefore, list * D, D)
                    / index.view().meanSquaredDistance(list, mean, 0);
        }
        double[] sorted = Arrays.stream(ratios).filter(r -> !Double.isNaN(r)).sorted().toArray();
        double bound = (sorted[K / 4] + sorted[K / 4 + 1]) / 2;
        QuantizerUpdate update = LazyUpdate.forwardAnchors(bound).plan(index.view()).orElseThrow();
        int[] expectedForward = new int[K];
        int forwarded = 0;
        int failed = 0;
        for (int list = 0; list < K; list++) {
            float[] centroid = Arrays.copyOfRange(update.centroids(), list * D, (list + 1) * D);
            float[] expected = centroid.clone();
            boolean predicted = false;
            float[] mean = openMean(index, model[0], list);
            if (mean != null) {
                for (int j = 0; j < D; j++) {
                    expected[j] = mean[j] + (centroid[j] - centroidsBefore[list * D + j]);
                }
                predicted = ratios[list] <= bound;
                failed += predicted ? 0 : 1;
            }
            if (index.listIds(list).length == 0) {
                expected = Arrays.copyOfRange(anchorsBefore, list * D, (list + 1) * D);
            } else if (predicted) {
                expectedForward[forwarded++] = list;
            }
            assertArrayEquals(expected, Arrays.copyOfRange(update.anchors(), list * D, (list + 1) * D), 0f,
                    "list " + list);
        }
        assertArrayEquals(Arrays.copyOf(expectedForward, forwarded), update.forwardLists());
        assertTrue(forwarded > 0 && failed > 0, forwarded + " forward, " + failed + " failed");
    }

    /**
     * A {@link CodebookRefresh} on segmented lists (forward anchors, S = 1, 2, 4): the refined codebooks
     * are {@link ProductQuantizer#refine} of the current ones on the step's sample of the newest share of
     * {@link IvfPqIndex.View#liveResiduals()}, which are x − a for the anchor the model says, id by id in
     * storage order, with the ids' timestamps in {@link IvfPqIndex.View#liveTimestamps()}; the update keeps centroids and anchors and reassigns nothing; it is published exactly
     * when the sample's error falls by at least the gain asked; on apply it re-encodes every live vector,
     * and every code is then the new codebooks' code of x − a for the model's anchor, every search distance
     * with nprobe = K its asymmetric distance bit for bit, and a later forward step re-encodes exactly what
     * the model says, as the segments stayed.
     */
    @ParameterizedTest(name = "maxSegments={0}")
    @ValueSource(ints = {1, 2, 4})
    void codebookRefreshReencodesEverySegmentAgainstItsOwnAnchor(int maxSegments) {
        Model[] model = new Model[1];
        LazyUpdate lazy = LazyUpdate.forwardAnchors(0.5);
        IvfPqIndex index = drift(maxSegments, lazy, true, model, new long[5]);
        IvfPqIndex.View view = index.view();
        float[] residuals = view.liveResiduals();
        long[] timestamps = view.liveTimestamps();
        // the newest 0.3 of the live vectors: every vector of the last round (id / 600 is its round) and
        // none before, as the last round holds more than 0.3 and less than all of them
        float[] recent = new float[residuals.length];
        int i = 0;
        int newest = 0;
        for (int list = 0; list < K; list++) {
            for (long id : index.listIds(list)) {
                float[] anchor = model[0].anchorOf(id);
                float[] vector = model[0].vectors.get(id);
                for (int j = 0; j < D; j++) {
                    assertEquals(vector[j] - anchor[j], residuals[i * D + j], 0f, "id " + id);
                }
                assertEquals(id / 600, timestamps[i], "id " + id);
                if (id / 600 == 4) {
                    System.arraycopy(residuals, i * D, recent, newest++ * D, D);
                }
                i++;
            }
        }
        assertEquals(index.size(), i);
        assertTrue(newest > 0.3 * i && newest < i, newest + " of " + i);
        float[] sample = Sampling.subsample(Arrays.copyOf(recent, newest * D), newest, D,
                256L * config(maxSegments).trainingPointsPerCentroid(), Sampling.random(config(maxSegments),
                        view.version() + 1));
        ProductQuantizer.Refined expected = index.productQuantizer().refine(sample, sample.length / D, 3);
        double gain = 1 - expected.errorAfter() / expected.errorBefore();
        assertTrue(gain > 0, "gain " + gain);
        assertTrue(new CodebookRefresh(3, 0.3, Math.nextUp(gain)).plan(view).isEmpty());
        QuantizerUpdate update = new CodebookRefresh(3, 0.3, gain * 0.999).plan(view).orElseThrow();
        assertEquals(MaintenanceReport.Kind.CODEBOOKS, update.kind());
        assertArrayEquals(expected.quantizer().codebooks(), update.pq().codebooks(), 0f);
        assertArrayEquals(index.centroids(), update.centroids(), 0f);
        assertArrayEquals(index.anchors(), update.anchors(), 0f);
        assertEquals(0, update.reassignedLists().length);
        assertEquals(0, update.forwardLists().length);
        MaintenanceReport report = index.apply(update);
        assertEquals(index.size(), report.reencodedVectors());
        assertEquals(0, report.reassignedVectors());
        assertEquals(0, report.centroidsChanged());
        assertCodesAreTheModels(index, model[0]);
        assertNextStepReencodesAsTheModelSays(index, model[0], lazy);
        assertCodesAreTheModels(index, model[0]);
    }

    /**
     * {@link LazyCodewords} on segmented lists (forward anchors, S = 1, 2, 4): every codeword of the update
     * is the mean, in double precision in storage order, of its sub-vector of x − a (a the model's anchor)
     * over the newest 0.3 of the live vectors (the last round) whose code (the current codebooks' code of
     * x − a) uses it, and a codeword none of them uses keeps its value; the update keeps centroids and
     * anchors and reassigns nothing; on apply no code changes, every search distance with nprobe = K is
     * the new codebooks' asymmetric distance of the old code bit for bit, the last round's quantisation
     * error does not grow, and a later forward step re-encodes exactly what the model says, as the
     * segments stayed.
     */
    @ParameterizedTest(name = "maxSegments={0}")
    @ValueSource(ints = {1, 2, 4})
    void lazyCodewordsMoveEveryCodewordToTheMeanOfWhatItCodesAndKeepEveryCode(int maxSegments) {
        Model[] model = new Model[1];
        LazyUpdate lazy = LazyUpdate.forwardAnchors(0.5);
        IvfPqIndex index = drift(maxSegments, lazy, true, model, new long[5]);
        ProductQuantizer before = index.productQuantizer();
        int sub = D / M;
        int codewords = before.numCodewords();
        double[] sums = new double[M * codewords * sub];
        long[] counts = new long[M * codewords];
        List<float[]> newestResiduals = new ArrayList<>();
        List<byte[]> newestCodes = new ArrayList<>();
        int newest = 0;
        for (int list = 0; list < K; list++) {
            for (long id : index.listIds(list)) {
                if (id / 600 != 4) {
                    continue;
                }
                float[] anchor = model[0].anchorOf(id);
                float[] vector = model[0].vectors.get(id);
                float[] residual = new float[D];
                for (int j = 0; j < D; j++) {
                    residual[j] = vector[j] - anchor[j];
                }
                byte[] code = new byte[M];
                before.encode(residual, 0, code, 0);
                newestResiduals.add(residual);
                newestCodes.add(code);
                for (int m = 0; m < M; m++) {
                    int codeword = m * codewords + (code[m] & 0xFF);
                    counts[codeword]++;
                    for (int j = 0; j < sub; j++) {
                        sums[codeword * sub + j] += residual[m * sub + j];
                    }
                }
                newest++;
            }
        }
        assertTrue(newest > 0.3 * index.size() && newest < index.size(), newest + " of " + index.size());
        float[] expected = before.codebooks();
        int unused = 0;
        for (int codeword = 0; codeword < counts.length; codeword++) {
            unused += counts[codeword] == 0 ? 1 : 0;
            for (int j = 0; counts[codeword] > 0 && j < sub; j++) {
                expected[codeword * sub + j] = (float) (sums[codeword * sub + j] / counts[codeword]);
            }
        }
        assertTrue(unused > 0 && unused < counts.length, unused + " unused codewords");
        QuantizerUpdate update = new LazyCodewords(0.3).plan(index.view()).orElseThrow();
        assertEquals(MaintenanceReport.Kind.CODEWORDS, update.kind());
        assertEquals(index.version() + 1, update.version());
        assertArrayEquals(expected, update.pq().codebooks(), 0f);
        assertArrayEquals(index.centroids(), update.centroids(), 0f);
        assertArrayEquals(index.anchors(), update.anchors(), 0f);
        assertEquals(0, update.reassignedLists().length);
        assertEquals(0, update.forwardLists().length);
        MaintenanceReport report = index.apply(update);
        assertEquals(0, report.reencodedVectors());
        assertEquals(0, report.reassignedVectors());
        assertEquals(0, report.centroidsChanged());
        assertArrayEquals(expected, index.productQuantizer().codebooks(), 0f);
        assertCodesAreTheModels(index, model[0], before);
        float[] decoded = new float[D];
        double errorBefore = 0;
        double errorAfter = 0;
        for (int n = 0; n < newest; n++) {
            before.decode(newestCodes.get(n), 0, decoded, 0);
            errorBefore += Distances.squaredL2(newestResiduals.get(n), 0, decoded, 0, D);
            index.productQuantizer().decode(newestCodes.get(n), 0, decoded, 0);
            errorAfter += Distances.squaredL2(newestResiduals.get(n), 0, decoded, 0, D);
        }
        assertTrue(errorAfter < errorBefore, errorAfter + " >= " + errorBefore);
        assertNextStepReencodesAsTheModelSays(index, model[0], lazy);
    }

    /** Adds a round of 600 further-rotated vectors; {@code lazy}'s next step then re-encodes what the model says. */
    private static void assertNextStepReencodesAsTheModelSays(IvfPqIndex index, Model model, LazyUpdate lazy) {
        Random random = new Random(43);
        float[] means = ClusteredData.rotated(ClusteredData.means(12, D, 5, new Random(41)), 0.9);
        float[] data = ClusteredData.sample(600, means, D, 1, random);
        for (int n = 0; n < 600; n++) {
            float[] vector = ClusteredData.row(data, n, D);
            index.add(10_000 + n, vector, 5);
            model.added(index, 10_000 + n, vector);
        }
        QuantizerUpdate next = lazy.plan(index.view()).orElseThrow();
        long reencoded = index.apply(next).reencodedVectors();
        assertEquals(model.stepped(index, next), reencoded);
    }

    /** The mean of the live vectors added to {@code list} since its last move, in storage order; null if none. */
    private static float[] openMean(IvfPqIndex index, Model model, int list) {
        int historySize = model.history.get(list).size();
        double[] sum = new double[D];
        int open = 0;
        for (long id : index.listIds(list)) {
            if (model.placed.get(id)[1] == historySize) {
                float[] vector = model.vectors.get(id);
                for (int j = 0; j < D; j++) {
                    sum[j] += vector[j];
                }
                open++;
            }
        }
        if (open == 0) {
            return null;
        }
        float[] mean = new float[D];
        for (int j = 0; j < D; j++) {
            mean[j] = (float) (sum[j] / open);
        }
        return mean;
    }

    private static void assertCodesAreTheModels(IvfPqIndex index, Model model) {
        assertCodesAreTheModels(index, model, index.productQuantizer());
    }

    /**
     * Every search distance with nprobe = K is the index's asymmetric distance of the code {@code coding}
     * gives x − a, a the model's anchor of x (the index's own codebooks, unless a step kept codes computed
     * with others).
     */
    private static void assertCodesAreTheModels(IvfPqIndex index, Model model, ProductQuantizer coding) {
        ProductQuantizer pq = index.productQuantizer();
        Random random = new Random(5);
        float[] table = new float[pq.distanceTableSize()];
        float[] residual = new float[D];
        byte[] code = new byte[M];
        for (int q = 0; q < 10; q++) {
            float[] query = new float[D];
            for (int j = 0; j < D; j++) {
                query[j] = (float) (5 * random.nextGaussian());
            }
            SearchResult result = index.search(query, index.size(), K);
            assertEquals(model.placed.size(), result.size());
            for (int r = 0; r < result.size(); r++) {
                long id = result.ids()[r];
                float[] anchor = model.anchorOf(id);
                float[] vector = model.vectors.get(id);
                for (int j = 0; j < D; j++) {
                    residual[j] = vector[j] - anchor[j];
                }
                coding.encode(residual, 0, code, 0);
                for (int j = 0; j < D; j++) {
                    residual[j] = query[j] - anchor[j];
                }
                pq.computeDistanceTable(residual, 0, table);
                assertEquals(pq.asymmetricDistance(table, code, 0), result.distances()[r], 0f, "id " + id);
            }
        }
    }

    @Test
    void segmentsReencodeAFractionOfWhatWholeListsDo() {
        long[] segmented = new long[5];
        long[] whole = new long[5];
        drift(4, new Model[1], segmented);
        drift(1, new Model[1], whole);
        long segmentedTotal = Arrays.stream(segmented).sum();
        long wholeTotal = Arrays.stream(whole).sum();
        // every vector at most once (at its list's first move after its add) against the whole list at every
        // move: measured 2573 against 6093
        assertTrue(segmentedTotal <= 5 * 600, "re-encoded " + segmentedTotal);
        assertTrue(segmentedTotal * 2 < wholeTotal, segmentedTotal + " against " + wholeTotal);
    }

    @Test
    void segmentedIndexRoundTripsThroughFormatThreeAndAnswersAlike() throws IOException {
        IvfPqIndex index = drift(3, new Model[1], new long[5]);
        StateCodec<IvfPqIndex> codec = new IvfPqIndex.Codec();
        byte[] written = write(codec, index);
        IvfPqIndex restored = codec.read(new DataInputStream(new ByteArrayInputStream(written)), codec.version());
        assertEquals(3, restored.config().maxSegments());
        assertArrayEquals(written, write(codec, restored));
        assertSameAnswers(index, restored);
    }

    /**
     * ann/ivfpq-index-v3.bin was written by format 3 from {@code drift(3, ...)}: it restores, answers as
     * the index it was written from, and rewrites to the same bytes.
     */
    @Test
    void formatThreeFixtureRestores() throws IOException {
        StateCodec<IvfPqIndex> codec = new IvfPqIndex.Codec();
        byte[] fixture;
        try (InputStream in = SegmentedListsTest.class.getClassLoader().getResourceAsStream("ann/ivfpq-index-v3.bin")) {
            fixture = in.readAllBytes();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(fixture));
        IvfPqIndex restored = codec.read(in, in.readInt());
        IvfPqIndex index = drift(3, new Model[1], new long[5]);
        assertArrayEquals(Arrays.copyOfRange(fixture, 4, fixture.length), write(codec, restored));
        assertSameAnswers(index, restored);
    }

    private static byte[] write(StateCodec<IvfPqIndex> codec, IvfPqIndex index) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(index, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static void assertSameAnswers(IvfPqIndex expected, IvfPqIndex actual) {
        Random random = new Random(8);
        for (int q = 0; q < 20; q++) {
            float[] query = new float[D];
            for (int j = 0; j < D; j++) {
                query[j] = (float) (5 * random.nextGaussian());
            }
            SearchResult a = expected.search(query, 10, 4);
            SearchResult b = actual.search(query, 10, 4);
            assertArrayEquals(a.ids(), b.ids());
            assertArrayEquals(a.distances(), b.distances(), 0f);
            assertEquals(a.scanned(), b.scanned());
        }
    }
}
