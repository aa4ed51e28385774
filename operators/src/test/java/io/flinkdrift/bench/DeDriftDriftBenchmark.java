package io.flinkdrift.bench;

import io.flinkdrift.core.ann.ClusteredData;
import io.flinkdrift.core.ann.CodebookRefresh;
import io.flinkdrift.core.ann.FlatIndex;
import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.LazyCodewords;
import io.flinkdrift.core.ann.LazyUpdate;
import io.flinkdrift.core.ann.MaintenancePolicy;
import io.flinkdrift.core.ann.MaintenanceStep;
import io.flinkdrift.core.ann.SearchResult;
import io.flinkdrift.operators.ann.AnnMaintenance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Recall and maintenance cost of DeDrift (Baranchuk et al., ICCV 2023) on a drifting stream, with
 * the core {@link IvfPqIndex} only: a Gaussian mixture of low intrinsic dimension (30 means
 * uniform in [−6, 6]^32, each vector a mean plus U·g with a shared 32×6 Gaussian U and g ~ N(0, I/4),
 * plus N(0, 0.01·I) noise, as in {@link IvfPqBenchmark}: with full-rank noise 8-byte codes cannot
 * rank neighbours) whose means rotate by {@code angle} radians (default 0.35) per period in every
 * coordinate plane (2i, 2i + 1).
 * Five copies of one index trained on period 0 receive the same stream: no maintenance, Lazy, Split,
 * Hybrid and a full rebuild, each run {@code maintenancePerPeriod} times per period at equal intervals of
 * inserts. A time-to-live of three periods bounds the database. After each period's last
 * maintenance, recall@10 at fixed nprobe is measured against brute force over the
 * live vectors for queries drawn from the newest period, and maintenance CPU time (of this one
 * thread) is summed per variant. To tell where recall is lost, it also prints per period and variant
 * the share of the true top 10 that lies in the nprobe lists a query probes (what routing lets through:
 * the rest of the loss is the codes') and recall@10 on the true neighbours inserted in the query's
 * period and on older ones. A plain driver, not JMH: the quantities are recall per period and
 * the CPU time of one-shot operations.
 *
 * <p>Arguments are {@code KEY=VALUE}, each optional (defaults in brackets): {@code K} lists [1024],
 * {@code residual} codes [true], {@code perPeriod} vectors [50000], {@code periods} [6],
 * {@code nprobe} [16], {@code angle} rotation per period in radians [0.35], {@code iterations} of
 * every k-means (training, Split, rebuild) [10], {@code pointsPerCentroid} k-means subsample cap
 * [64], {@code reanchorThreshold} ({@link IvfPqConfig#reanchorThreshold()}; 0 re-encodes every list
 * whose centroid moved) [{@value IvfPqConfig#DEFAULT_REANCHOR_THRESHOLD}], {@code maxSegments}
 * ({@link IvfPqConfig#maxSegments()}; 1 re-encodes every re-anchored list whole) [1], {@code anchors}
 * of Lazy and Hybrid, {@code centroid} ({@link LazyUpdate#LazyUpdate()}) or {@code forward}
 * ({@link MaintenancePolicy#LAZY_FORWARD}, {@link MaintenancePolicy#HYBRID_FORWARD}) [centroid], {@code codebooks}
 * {@code keep}, {@code refresh}, which appends a {@link CodebookRefresh} with {@code refreshIterations}
 * [{@value CodebookRefresh#DEFAULT_ITERATIONS}], {@code refreshRecent} (its recent share)
 * [{@value CodebookRefresh#DEFAULT_RECENT_SHARE}] and {@code refreshGain}
 * [{@value CodebookRefresh#DEFAULT_MIN_GAIN}] to Lazy and Hybrid, or {@code codewords}, which appends a
 * {@link LazyCodewords} with {@code codewordsRecent} (its recent share)
 * [{@value LazyCodewords#DEFAULT_RECENT_SHARE}] to them [keep], {@code splitLists} k of
 * Split, 0 for the index default max(1, K/512) [0], {@code maintenancePerPeriod} [1], {@code out} a
 * directory where the run writes its stream and per-period results for {@code src/bench/vs-faiss.sh}
 * to replay through Faiss, none when empty [""]: {@code stream.json} (the parameters),
 * {@code stream.f32} (per period its vectors, then its queries; little-endian float32, row-major) and
 * {@code ours.tsv} (period, variant, recall@10, maintenance CPU ms, vectors re-encoded).
 *
 * <pre>
 * java -cp ... io.flinkdrift.bench.DeDriftDriftBenchmark K=1024 angle=0.10 reanchorThreshold=0
 * </pre>
 */
public final class DeDriftDriftBenchmark {

    private static final int D = 32;
    private static final int M = 8;
    private static final int COMPONENTS = 30;
    private static final int QUERIES = 300;
    private static final int WINDOW = 3;
    private static final int LATENT = 6;
    private static final float[] BASIS = basis();
    /**
     * The ann job's policies with centroid anchors, run through the same objects; {@code anchors=forward}
     * runs the forward-anchor ones in place of lazy and hybrid.
     */
    private static final AnnMaintenance[] POLICIES = {AnnMaintenance.NONE, AnnMaintenance.LAZY, AnnMaintenance.SPLIT,
            AnnMaintenance.HYBRID, AnnMaintenance.REBUILD};
    private static final String[] NAMES = names();

    private DeDriftDriftBenchmark() {}

    private static String[] names() {
        String[] names = new String[POLICIES.length];
        for (int v = 0; v < names.length; v++) {
            names[v] = POLICIES[v].name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    public static void main(String[] args) throws IOException {
        String[] defaults = {"K", "1024", "residual", "true", "perPeriod", "50000", "periods", "6", "nprobe", "16",
            "angle", "0.35", "iterations", "10", "pointsPerCentroid", "64",
            "reanchorThreshold", String.valueOf(IvfPqConfig.DEFAULT_REANCHOR_THRESHOLD), "maxSegments", "1",
            "anchors", "centroid", "codebooks", "keep", "refreshGain", String.valueOf(CodebookRefresh.DEFAULT_MIN_GAIN),
            "refreshIterations", String.valueOf(CodebookRefresh.DEFAULT_ITERATIONS),
            "refreshRecent", String.valueOf(CodebookRefresh.DEFAULT_RECENT_SHARE),
            "codewordsRecent", String.valueOf(LazyCodewords.DEFAULT_RECENT_SHARE), "splitLists", "0",
            "maintenancePerPeriod", "1", "out", ""};
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < defaults.length; i += 2) {
            options.put(defaults[i], defaults[i + 1]);
        }
        for (String arg : args) {
            String[] keyValue = arg.split("=", 2);
            if (keyValue.length != 2 || !options.containsKey(keyValue[0])) {
                throw new IllegalArgumentException("expected KEY=VALUE with KEY one of " + options.keySet()
                        + ", got " + arg);
            }
            options.put(keyValue[0], keyValue[1]);
        }
        int numLists = Integer.parseInt(options.get("K"));
        boolean residual = Boolean.parseBoolean(options.get("residual"));
        int perPeriod = Integer.parseInt(options.get("perPeriod"));
        int periods = Integer.parseInt(options.get("periods"));
        int nprobe = Integer.parseInt(options.get("nprobe"));
        double angle = Double.parseDouble(options.get("angle"));
        int iterations = Integer.parseInt(options.get("iterations"));
        int pointsPerCentroid = Integer.parseInt(options.get("pointsPerCentroid"));
        double reanchorThreshold = Double.parseDouble(options.get("reanchorThreshold"));
        int maxSegments = Integer.parseInt(options.get("maxSegments"));
        MaintenancePolicy[] policies = policies(options.get("anchors"), options.get("codebooks"),
                new CodebookRefresh(Integer.parseInt(options.get("refreshIterations")),
                        Double.parseDouble(options.get("refreshRecent")),
                        Double.parseDouble(options.get("refreshGain"))),
                new LazyCodewords(Double.parseDouble(options.get("codewordsRecent"))));
        int splitLists = Integer.parseInt(options.get("splitLists"));
        int steps = Integer.parseInt(options.get("maintenancePerPeriod"));
        Path out = options.get("out").isEmpty() ? null : Paths.get(options.get("out"));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Random random = new Random(11);
        float[] baseMeans = new float[COMPONENTS * D];
        for (int i = 0; i < baseMeans.length; i++) {
            baseMeans[i] = (float) (12 * random.nextDouble() - 6);
        }
        IvfPqConfig config = new IvfPqConfig(D, numLists, M).withResidualEncoding(residual)
                .withTrainingIterations(iterations).withTrainingPointsPerCentroid(pointsPerCentroid).withSeed(3)
                .withReanchorThreshold(reanchorThreshold).withMaxSegments(maxSegments);
        if (splitLists > 0) {
            config = config.withSplitLists(splitLists);
        }
        float[] first = sample(perPeriod, baseMeans, random);
        IvfPqIndex trained = IvfPqIndex.train(config, first, perPeriod);
        IvfPqIndex[] indexes = new IvfPqIndex[NAMES.length];
        for (int v = 0; v < indexes.length; v++) {
            indexes[v] = copy(trained);
        }
        long[][] reencoded = new long[periods][NAMES.length];
        long[] live = new long[periods];
        FlatIndex flat = new FlatIndex(D);
        double[][] recall = new double[periods][NAMES.length];
        double[][] nanos = new double[periods][NAMES.length];
        double[][] routed = new double[periods][NAMES.length];
        double[][][] recallByAge = new double[periods][NAMES.length][2];
        long[][] truthByAge = new long[periods][2];
        System.out.println(options + ", window " + WINDOW + " periods, effective splitLists "
                + config.splitLists());
        FileChannel stream = out == null ? null : openStream(out, options, config);
        for (int period = 0; period < periods; period++) {
            float[] means = ClusteredData.rotated(baseMeans, period * angle);
            float[] data = period == 0 ? first : sample(perPeriod, means, random);
            write(stream, data);
            float[] vector = new float[D];
            for (int step = 0; step < steps; step++) {
                for (int i = step * perPeriod / steps; i < (step + 1) * perPeriod / steps; i++) {
                    System.arraycopy(data, i * D, vector, 0, D);
                    long id = (long) period * perPeriod + i;
                    for (IvfPqIndex index : indexes) {
                        index.add(id, vector, period);
                    }
                    flat.add(id, vector);
                }
                if (period >= WINDOW && step == steps - 1) {
                    for (int i = 0; i < perPeriod; i++) {
                        flat.remove((long) (period - WINDOW) * perPeriod + i);
                    }
                    for (IvfPqIndex index : indexes) {
                        index.expireBefore(period - WINDOW + 1);
                    }
                }
                if (period > 0) {
                    for (int v = 0; v < indexes.length; v++) {
                        long start = cpu.getCurrentThreadCpuTime();
                        for (MaintenancePolicy.Published published : policies[v].run(indexes[v])) {
                            reencoded[period][v] += published.report().reencodedVectors();
                        }
                        nanos[period][v] += cpu.getCurrentThreadCpuTime() - start;
                    }
                }
            }
            live[period] = flat.size();
            float[] queries = sample(QUERIES, means, random);
            write(stream, queries);
            float[] query = new float[D];
            for (int q = 0; q < QUERIES; q++) {
                System.arraycopy(queries, q * D, query, 0, D);
                SearchResult truth = flat.search(query, 10);
                for (long id : truth.ids()) {
                    truthByAge[period][id / perPeriod == period ? 0 : 1]++;
                }
                for (int v = 0; v < indexes.length; v++) {
                    SearchResult found = indexes[v].search(query, 10, nprobe);
                    recall[period][v] += found.recallAgainst(truth) / QUERIES;
                    routed[period][v] += routedShare(indexes[v], query, nprobe, truth) / QUERIES;
                    countFoundByAge(found, truth, perPeriod, period, recallByAge[period][v]);
                }
            }
        }
        printTables(recall, nanos, reencoded, live, indexes);
        printDiagnostics(routed, recallByAge, truthByAge);
        if (out != null) {
            stream.close();
            writeResults(out.resolve("ours.tsv"), recall, nanos, reencoded);
        }
    }

    /**
     * The variants' policies: the ann job's, with Lazy and Hybrid anchoring forward
     * ({@link MaintenancePolicy#LAZY_FORWARD}, {@link MaintenancePolicy#HYBRID_FORWARD}) when {@code anchors}
     * is "forward", and ending in {@code refresh} or {@code codewords} when {@code codebooks} names it.
     */
    private static MaintenancePolicy[] policies(String anchors, String codebooks, CodebookRefresh refresh,
            LazyCodewords codewords) {
        if (!anchors.equals("centroid") && !anchors.equals("forward")) {
            throw new IllegalArgumentException("anchors must be centroid or forward, got " + anchors);
        }
        if (!codebooks.equals("keep") && !codebooks.equals("refresh") && !codebooks.equals("codewords")) {
            throw new IllegalArgumentException("codebooks must be keep, refresh or codewords, got " + codebooks);
        }
        MaintenancePolicy[] policies = new MaintenancePolicy[POLICIES.length];
        for (int v = 0; v < policies.length; v++) {
            policies[v] = POLICIES[v].policy();
            if (anchors.equals("forward") && POLICIES[v] == AnnMaintenance.LAZY) {
                policies[v] = MaintenancePolicy.LAZY_FORWARD;
            } else if (anchors.equals("forward") && POLICIES[v] == AnnMaintenance.HYBRID) {
                policies[v] = MaintenancePolicy.HYBRID_FORWARD;
            }
            boolean lazyOrHybrid = POLICIES[v] == AnnMaintenance.LAZY || POLICIES[v] == AnnMaintenance.HYBRID;
            if (!codebooks.equals("keep") && lazyOrHybrid) {
                List<MaintenanceStep> steps = new ArrayList<>(policies[v].steps());
                steps.add(codebooks.equals("refresh") ? refresh : codewords);
                policies[v] = new MaintenancePolicy(steps);
            }
        }
        return policies;
    }

    /**
     * An index that holds, assigns and encodes exactly as {@code index}: its state written and read back
     * ({@link IvfPqIndex.Codec}), so that the variants start from one training instead of one each.
     */
    private static IvfPqIndex copy(IvfPqIndex index) throws IOException {
        IvfPqIndex.Codec codec = new IvfPqIndex.Codec();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(index, new DataOutputStream(bytes));
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), codec.version());
    }

    /** Creates {@code dir}, writes stream.json and opens stream.f32 for the vectors and queries. */
    private static FileChannel openStream(Path dir, Map<String, String> options, IvfPqConfig config) throws IOException {
        Files.createDirectories(dir);
        String json = String.format(Locale.ROOT, "{\"d\": %d, \"K\": %d, \"M\": %d, \"residual\": %b, "
                + "\"perPeriod\": %s, \"periods\": %s, \"queries\": %d, \"window\": %d, \"nprobe\": %s, "
                + "\"iterations\": %d, \"pointsPerCentroid\": %d, \"angle\": %s, \"maintenancePerPeriod\": %s}%n",
                D, config.numLists(), M, config.residualEncoding(), options.get("perPeriod"), options.get("periods"),
                QUERIES, WINDOW, options.get("nprobe"), config.trainingIterations(),
                config.trainingPointsPerCentroid(), options.get("angle"), options.get("maintenancePerPeriod"));
        Files.writeString(dir.resolve("stream.json"), json);
        return FileChannel.open(dir.resolve("stream.f32"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void write(FileChannel stream, float[] values) throws IOException {
        if (stream == null) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        while (bytes.hasRemaining()) {
            stream.write(bytes);
        }
    }

    private static void writeResults(Path file, double[][] recall, double[][] nanos, long[][] reencoded)
            throws IOException {
        StringBuilder tsv = new StringBuilder("period\tvariant\trecall\tcpu_ms\treencoded\n");
        for (int period = 0; period < recall.length; period++) {
            for (int v = 0; v < NAMES.length; v++) {
                tsv.append(String.format(Locale.ROOT, "%d\t%s\t%.4f\t%.1f\t%d%n", period, NAMES[v],
                        recall[period][v], nanos[period][v] / 1e6, reencoded[period][v]));
            }
        }
        Files.writeString(file, tsv);
    }

    /**
     * Prints, as Markdown, recall@10 per period, maintenance milliseconds per period with each variant's
     * time relative to the same period's rebuild, the share of the live vectors each variant re-encoded
     * per period, and a summary over periods ≥ 1 (period 0 is the freshly trained index and has no
     * maintenance) with the vectors each variant re-encoded.
     */
    private static void printTables(double[][] recall, double[][] nanos, long[][] reencoded, long[] live,
            IvfPqIndex[] indexes) {
        int rebuild = NAMES.length - 1;
        String header = "| period | " + String.join(" | ", NAMES) + " |";
        String rule = "|---:" + "|---:".repeat(NAMES.length) + "|";
        System.out.println("\nrecall@10\n" + header + "\n" + rule);
        for (int period = 0; period < recall.length; period++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d |", period));
            for (int v = 0; v < NAMES.length; v++) {
                row.append(String.format(Locale.ROOT, " %.3f |", recall[period][v]));
            }
            System.out.println(row);
        }
        System.out.println("\nmaintenance CPU ms (time / rebuild time)\n" + header + "\n" + rule);
        double[] totalNanos = new double[NAMES.length];
        double[] meanRecall = new double[NAMES.length];
        long[] totalReencoded = new long[NAMES.length];
        for (int period = 1; period < recall.length; period++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d |", period));
            for (int v = 0; v < NAMES.length; v++) {
                row.append(String.format(Locale.ROOT, " %.1f (%.4f) |", nanos[period][v] / 1e6,
                        nanos[period][v] / nanos[period][rebuild]));
                totalNanos[v] += nanos[period][v];
                totalReencoded[v] += reencoded[period][v];
                meanRecall[v] += recall[period][v] / (recall.length - 1);
            }
            System.out.println(row);
        }
        System.out.println("\nre-encoded vectors per period / live vectors at its end\n" + header + "\n" + rule);
        for (int period = 1; period < recall.length; period++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d |", period));
            for (int v = 0; v < NAMES.length; v++) {
                row.append(String.format(Locale.ROOT, " %.3f |", (double) reencoded[period][v] / live[period]));
            }
            System.out.println(row);
        }
        System.out.println("\n| variant | mean recall@10 (periods >= 1) | recall - rebuild | maintenance CPU ms "
                + "| time / rebuild | rebuild / time | re-encoded | imbalance |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int v = 0; v < NAMES.length; v++) {
            System.out.printf(Locale.ROOT, "| %s | %.4f | %+.4f | %.1f | %.4f | %.1f | %,d | %.2f |%n", NAMES[v],
                    meanRecall[v], meanRecall[v] - meanRecall[rebuild], totalNanos[v] / 1e6,
                    totalNanos[v] / totalNanos[rebuild], totalNanos[rebuild] / totalNanos[v], totalReencoded[v],
                    indexes[v].imbalanceFactor());
        }
    }

    /**
     * The share of {@code truth}'s ids that lie in one of the {@code nprobe} lists whose centroids are
     * nearest {@code query}: the recall a search would reach with exact distances in the probed lists,
     * so that recall lost by routing and recall lost by the codes can be told apart.
     */
    private static double routedShare(IvfPqIndex index, float[] query, int nprobe, SearchResult truth) {
        float[] centroids = index.centroids();
        int numLists = centroids.length / D;
        long[] byDistance = new long[numLists];
        for (int list = 0; list < numLists; list++) {
            float distance = 0;
            for (int j = 0; j < D; j++) {
                float diff = query[j] - centroids[list * D + j];
                distance += diff * diff;
            }
            byDistance[list] = ((long) Float.floatToIntBits(distance) << 32) | list;
        }
        Arrays.sort(byDistance);
        boolean[] probed = new boolean[numLists];
        for (int i = 0; i < Math.min(nprobe, numLists); i++) {
            probed[(int) byDistance[i]] = true;
        }
        int in = 0;
        for (long id : truth.ids()) {
            in += probed[index.listOf(id)] ? 1 : 0;
        }
        return (double) in / truth.size();
    }

    /** Adds to {@code counts} the true neighbours {@code found} holds, [0] from the newest period, [1] older. */
    private static void countFoundByAge(SearchResult found, SearchResult truth, int perPeriod, int period,
            double[] counts) {
        Set<Long> hits = new HashSet<>();
        for (long id : found.ids()) {
            hits.add(id);
        }
        for (long id : truth.ids()) {
            if (hits.contains(id)) {
                counts[id / perPeriod == period ? 0 : 1]++;
            }
        }
    }

    /**
     * Prints per period and variant the share of the true top 10 in the probed lists (routing) and
     * recall@10 split by the true neighbours' age (inserted in the query's period or before).
     */
    private static void printDiagnostics(double[][] routed, double[][][] recallByAge, long[][] truthByAge) {
        String header = "| period | " + String.join(" | ", NAMES) + " |";
        String rule = "|---:" + "|---:".repeat(NAMES.length) + "|";
        System.out.println("\ntrue top 10 in the probed lists (routing) · recall of new · old true neighbours\n"
                + header + "\n" + rule);
        for (int period = 0; period < routed.length; period++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d (%.2f new) |", period,
                    (double) truthByAge[period][0] / (truthByAge[period][0] + truthByAge[period][1])));
            for (int v = 0; v < NAMES.length; v++) {
                row.append(String.format(Locale.ROOT, " %.3f · %.3f · %.3f |", routed[period][v],
                        recallByAge[period][v][0] / Math.max(1, truthByAge[period][0]),
                        recallByAge[period][v][1] / Math.max(1, truthByAge[period][1])));
            }
            System.out.println(row);
        }
    }

    private static float[] sample(int n, float[] means, Random random) {
        float[] data = new float[n * D];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(COMPONENTS);
            double[] latent = new double[LATENT];
            for (int k = 0; k < LATENT; k++) {
                latent[k] = 0.5 * random.nextGaussian();
            }
            for (int j = 0; j < D; j++) {
                double value = means[c * D + j] + 0.1 * random.nextGaussian();
                for (int k = 0; k < LATENT; k++) {
                    value += BASIS[j * LATENT + k] * latent[k];
                }
                data[i * D + j] = (float) value;
            }
        }
        return data;
    }

    private static float[] basis() {
        Random random = new Random(5);
        float[] basis = new float[D * LATENT];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = (float) random.nextGaussian();
        }
        return basis;
    }
}
