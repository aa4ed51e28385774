package io.flinkdrift.bench;

import io.flinkdrift.core.ann.FlatIndex;
import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.SearchResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Single-thread throughput of the IVF-PQ core {@link IvfPqIndex} at 100k–1M vectors, d = 64–128:
 * queries/s ({@code search}, k = 10) and adds/s ({@code add}), with exhaustive {@link FlatIndex}
 * queries/s ({@code flatSearch}) over the same 100k base vectors as the same-run baseline.
 *
 * <p><b>Grid</b> (JMH {@code @Param}s, each overridable with {@code -p name=v1,v2}):
 *
 * <ul>
 *   <li>{@code n} ∈ {100000, 1000000} base vectors and {@code d} ∈ {64, 128};
 *   <li>{@code numLists} K = 1024 at both n, so n varies the list length (≈98 and ≈977 vectors per
 *       list) and hence the codes a query scans (≈0.8% and ≈1.6% of n at nprobe 8 and 16), while the
 *       coarse-assignment cost of an add (K·d) stays fixed. K = 256 was dropped from the old grid: it
 *       would double the run, and its lists of 400–4000 vectors are further than K = 1024 from
 *       Faiss's 4√n ≤ K ≤ 16√n guideline;
 *   <li>{@code numSubQuantizers} M = 16 at both d (Faiss {@code IVF1024,PQ16}: 16-byte codes, 4- and
 *       8-dimensional sub-vectors), so d varies the table and encoding cost (256·d) at equal scan
 *       cost per code; {@code -p numSubQuantizers=32 -p d=128} gives the 32-byte variant;
 *   <li>{@code nprobe} ∈ {8, 16} (search only);
 *   <li>{@code flatSearch} only at n = 100k ({@link FlatState#N}) and both d: at 1M a brute-force
 *       query costs ~10⁸ multiply-adds (≈25 queries/s) and 512 MB more heap at d = 128, which says
 *       nothing the 100k point does not (it scales linearly in n).
 * </ul>
 *
 * That is 8 {@code search}, 4 {@code add} and 2 {@code flatSearch} points. JMH runs every point in
 * its own forked JVM, so each builds its own index in a trial-level setup (not measured): the shared
 * base stream is generated on the fly while adding, so the heap holds the index (raw vectors 4·n·d
 * bytes, 512 MB at 1M × 128, plus list growth slack and codes) and no separate copy of the data.
 * Training uses the first 16·K base vectors (i.i.d., so a uniform sample) with 8 Lloyd iterations to
 * keep setup short; it took ≈7 s at 100k × 64 and ≈65 s at 1M × 128 on the 2-core build machine
 * (mostly the n adds). Added vectors carry a timestamp before the base data's and are expired after
 * every iteration, so the index stays at n. The fork's heap is set to 8 GB by {@code @Fork}; a run:
 *
 * <pre>
 * java -cp ... org.openjdk.jmh.Main IvfPqBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 *
 * <p><b>Data</b> ({@link Vectors}): of low intrinsic dimension like real embeddings, 256 cluster means
 * ~ N(0, 9·I), each vector a mean plus U·g with a shared d×8 Gaussian U and g ~ N(0, I/4), plus
 * N(0, 0.01·I) noise (with full-rank isotropic noise, 8–16 byte codes cannot rank neighbours). The
 * model, base vectors, added vectors and queries come from fixed seeds per d, so every point with the
 * same d sees the same data and the 100k base is the prefix of the 1M one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx8g"})
public class IvfPqBenchmark {

    static final int NUM_QUERIES = 1024;
    static final int NUM_EXTRA = 4096;
    static final int K_NEAREST = 10;
    static final int TRAINING_POINTS_PER_CENTROID = 16;
    static final int TRAINING_ITERATIONS = 8;
    /** Base vectors carry this timestamp; added ones an earlier one, so expiry removes only them. */
    static final long BASE_TIMESTAMP = 1;
    static final long MODEL_SEED = 42;
    static final long BASE_SEED = 43;
    static final long EXTRA_SEED = 44;
    static final long QUERY_SEED = 45;

    /** The synthetic low-intrinsic-dimension mixture of one dimension d (see the class comment). */
    static final class Vectors {
        static final int MEANS = 256;
        static final int LATENT = 8;

        private final int d;
        private final float[] means;
        private final float[] basis;

        Vectors(int d) {
            this.d = d;
            Random random = new Random(MODEL_SEED);
            means = gaussian(MEANS * d, 3, random);
            basis = gaussian(d * LATENT, 1, random);
        }

        private static float[] gaussian(int n, double scale, Random random) {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = (float) (scale * random.nextGaussian());
            }
            return values;
        }

        /** Writes the next vector of {@code stream} into target[offset..offset+d). */
        void draw(Random stream, float[] target, int offset) {
            int c = stream.nextInt(MEANS);
            double[] latent = new double[LATENT];
            for (int k = 0; k < LATENT; k++) {
                latent[k] = 0.5 * stream.nextGaussian();
            }
            for (int j = 0; j < d; j++) {
                double value = means[c * d + j] + 0.1 * stream.nextGaussian();
                for (int k = 0; k < LATENT; k++) {
                    value += basis[j * LATENT + k] * latent[k];
                }
                target[offset + j] = (float) value;
            }
        }

        /** The first {@code count} vectors of the stream seeded with {@code seed}, row-major. */
        float[] rows(long seed, int count) {
            Random stream = new Random(seed);
            float[] rows = new float[count * d];
            for (int i = 0; i < count; i++) {
                draw(stream, rows, i * d);
            }
            return rows;
        }

        /** The first {@code count} vectors of the stream seeded with {@code seed}, one array each. */
        float[][] vectors(long seed, int count) {
            Random stream = new Random(seed);
            float[][] vectors = new float[count][d];
            for (float[] vector : vectors) {
                draw(stream, vector, 0);
            }
            return vectors;
        }
    }

    /** A trained index of shape (d, K, M) filled with the first n base vectors, and its queries. */
    @State(Scope.Benchmark)
    public static class IndexState {
        @Param({"100000", "1000000"})
        int n;

        @Param({"64", "128"})
        int d;

        @Param({"1024"})
        int numLists;

        @Param({"16"})
        int numSubQuantizers;

        IvfPqIndex index;
        float[][] extra;
        float[][] queries;
        long nextId;
        int cursor;

        @Setup(Level.Trial)
        public void build() {
            Vectors vectors = new Vectors(d);
            IvfPqConfig config = new IvfPqConfig(d, numLists, numSubQuantizers)
                    .withTrainingPointsPerCentroid(TRAINING_POINTS_PER_CENTROID)
                    .withTrainingIterations(TRAINING_ITERATIONS);
            int trainingSize = Math.min(n, TRAINING_POINTS_PER_CENTROID * numLists);
            index = IvfPqIndex.train(config, vectors.rows(BASE_SEED, trainingSize), trainingSize);
            Random base = new Random(BASE_SEED);
            float[] vector = new float[d];
            for (int i = 0; i < n; i++) {
                vectors.draw(base, vector, 0);
                index.add(i, vector, BASE_TIMESTAMP);
            }
            extra = vectors.vectors(EXTRA_SEED, NUM_EXTRA);
            queries = vectors.vectors(QUERY_SEED, NUM_QUERIES);
            nextId = n;
        }

        @TearDown(Level.Iteration)
        public void expireAdded() {
            index.expireBefore(BASE_TIMESTAMP);
            if (index.size() != n) {
                throw new IllegalStateException("index holds " + index.size() + " vectors, expected " + n);
            }
        }
    }

    /** The probe count of a search. */
    @State(Scope.Benchmark)
    public static class ProbeState {
        @Param({"8", "16"})
        int nprobe;
    }

    /** The exhaustive baseline over the first {@link #N} base vectors of dimension d. */
    @State(Scope.Benchmark)
    public static class FlatState {
        static final int N = 100_000;

        @Param({"64", "128"})
        int d;

        FlatIndex flat;
        float[][] queries;
        int cursor;

        @Setup(Level.Trial)
        public void build() {
            Vectors vectors = new Vectors(d);
            flat = new FlatIndex(d);
            Random base = new Random(BASE_SEED);
            float[] vector = new float[d];
            for (int i = 0; i < N; i++) {
                vectors.draw(base, vector, 0);
                flat.add(i, vector);
            }
            queries = vectors.vectors(QUERY_SEED, NUM_QUERIES);
        }
    }

    @Benchmark
    public SearchResult search(IndexState state, ProbeState probe) {
        float[] query = state.queries[state.cursor++ & (NUM_QUERIES - 1)];
        return state.index.search(query, K_NEAREST, probe.nprobe);
    }

    @Benchmark
    public void add(IndexState state) {
        long id = state.nextId++;
        state.index.add(id, state.extra[(int) (id & (NUM_EXTRA - 1))], BASE_TIMESTAMP - 1);
    }

    @Benchmark
    public SearchResult flatSearch(FlatState state) {
        float[] query = state.queries[state.cursor++ & (NUM_QUERIES - 1)];
        return state.flat.search(query, K_NEAREST);
    }
}
