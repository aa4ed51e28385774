package io.flinkdrift.bench;

import io.flinkdrift.core.ann.FlatIndex;
import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.SearchResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Single-thread throughput of {@link IvfPqIndex} at N = 100,000 vectors, d = 64 (see {@link Data}),
 * K ∈ {256, 1024}, M ∈ {8, 16}, nprobe ∈ {8, 16}: queries/s (k = 10) and adds/s, with exhaustive {@link FlatIndex} queries/s over the same vectors as the same-run baseline.
 * Indexes are trained on 16 points per centroid with 8 Lloyd iterations (to keep setup short) and
 * cached per (K, M) so the nprobe variants share them. Added vectors carry a timestamp before the
 * base data's and are expired after every iteration, so the index stays at N.
 */
@BenchmarkMode(Mode.Throughput)
public class IvfPqBenchmark {

    static final int N = 100_000;
    static final int D = 64;
    static final int NUM_QUERIES = 1024;
    /** Base vectors carry this timestamp; added ones an earlier one, so expiry removes only them. */
    static final long BASE_TIMESTAMP = 1;

    /**
     * The shared synthetic data, of low intrinsic dimension like real embeddings: 256 cluster means
     * ~ N(0, 9·I), each vector a mean plus U·g with a shared 64×8 Gaussian U and g ~ N(0, I/4), plus
     * N(0, 0.01·I) noise. (With full-rank isotropic noise, 8–16 byte codes cannot rank neighbours.)
     */
    static final class Data {
        static final int LATENT = 8;
        static final float[] BASE;
        static final float[][] EXTRA;
        static final float[][] QUERIES;

        static {
            Random random = new Random(42);
            float[] means = gaussian(256 * D, 3, random);
            float[] basis = gaussian(D * LATENT, 1, random);
            BASE = new float[N * D];
            for (int i = 0; i < N; i++) {
                System.arraycopy(draw(means, basis, random), 0, BASE, i * D, D);
            }
            EXTRA = new float[4096][];
            for (int i = 0; i < EXTRA.length; i++) {
                EXTRA[i] = draw(means, basis, random);
            }
            QUERIES = new float[NUM_QUERIES][];
            for (int i = 0; i < NUM_QUERIES; i++) {
                QUERIES[i] = draw(means, basis, random);
            }
        }

        private static float[] gaussian(int n, double scale, Random random) {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = (float) (scale * random.nextGaussian());
            }
            return values;
        }

        private static float[] draw(float[] means, float[] basis, Random random) {
            int c = random.nextInt(means.length / D);
            double[] latent = new double[LATENT];
            for (int k = 0; k < LATENT; k++) {
                latent[k] = 0.5 * random.nextGaussian();
            }
            float[] vector = new float[D];
            for (int j = 0; j < D; j++) {
                double value = means[c * D + j] + 0.1 * random.nextGaussian();
                for (int k = 0; k < LATENT; k++) {
                    value += basis[j * LATENT + k] * latent[k];
                }
                vector[j] = (float) value;
            }
            return vector;
        }
    }

    private static final Map<String, IvfPqIndex> CACHE = new HashMap<>();

    /** The trained and filled index for one (K, M). */
    @State(Scope.Benchmark)
    public static class IndexState {
        @Param({"256", "1024"})
        int numLists;

        @Param({"8", "16"})
        int numSubQuantizers;

        IvfPqIndex index;
        long nextId = N;
        int cursor;

        @Setup(Level.Trial)
        public void build() {
            index = CACHE.computeIfAbsent(numLists + "/" + numSubQuantizers, key -> {
                IvfPqConfig config = new IvfPqConfig(D, numLists, numSubQuantizers)
                        .withTrainingPointsPerCentroid(16).withTrainingIterations(8);
                IvfPqIndex built = IvfPqIndex.train(config, Data.BASE, N);
                float[] vector = new float[D];
                for (int i = 0; i < N; i++) {
                    System.arraycopy(Data.BASE, i * D, vector, 0, D);
                    built.add(i, vector, BASE_TIMESTAMP);
                }
                return built;
            });
        }

        @TearDown(Level.Iteration)
        public void expireAdded() {
            index.expireBefore(BASE_TIMESTAMP);
            if (index.size() != N) {
                throw new IllegalStateException("index holds " + index.size() + " vectors, expected " + N);
            }
        }
    }

    /** The probe count of a search. */
    @State(Scope.Benchmark)
    public static class ProbeState {
        @Param({"8", "16"})
        int nprobe;
    }

    /** The exhaustive baseline over the same base vectors. */
    @State(Scope.Benchmark)
    public static class FlatState {
        FlatIndex flat;
        int cursor;

        @Setup(Level.Trial)
        public void build() {
            flat = new FlatIndex(D);
            float[] vector = new float[D];
            for (int i = 0; i < N; i++) {
                System.arraycopy(Data.BASE, i * D, vector, 0, D);
                flat.add(i, vector);
            }
        }
    }

    @Benchmark
    public SearchResult search(IndexState state, ProbeState probe) {
        float[] query = Data.QUERIES[state.cursor++ & (NUM_QUERIES - 1)];
        return state.index.search(query, 10, probe.nprobe);
    }

    @Benchmark
    public void add(IndexState state) {
        long id = state.nextId++;
        state.index.add(id, Data.EXTRA[(int) (id & (Data.EXTRA.length - 1))], BASE_TIMESTAMP - 1);
    }

    @Benchmark
    public SearchResult flatSearch(FlatState state) {
        float[] query = Data.QUERIES[state.cursor++ & (NUM_QUERIES - 1)];
        return state.flat.search(query, 10);
    }
}
