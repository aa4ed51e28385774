package io.flinkdrift.bench;

import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;
import io.flinkdrift.core.ann.SearchResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Java side of {@code src/bench/vs-faiss-search.sh}: builds an {@link IvfPqIndex} on the data set
 * the script's Python driver wrote (and indexes with Faiss the same way), then answers the driver's
 * commands on standard input, one line each, so that the driver can alternate timed rounds of the two
 * sides in one session. A plain driver, not JMH: the comparison is with Faiss's CPU time in another
 * process, measured the same way.
 *
 * <p>Arguments {@code KEY=VALUE}: {@code dir} holding {@code base.f32} (n·d little-endian float32,
 * row-major; the first {@code train} rows are the training set) and {@code queries.f32}; {@code d},
 * {@code K}, {@code M}, {@code train}, {@code iterations} and {@code pointsPerCentroid} (the k-means
 * budget, as the driver gives Faiss), {@code batch} (queries per batched call). It prints
 * {@code ready train_cpu_s=… add_cpu_s=…} once built. Commands:
 *
 * <ul>
 *   <li>{@code single NPROBE}: every query by {@link IvfPqIndex#search(float[], int, int)}, k = 10;
 *   <li>{@code batched NPROBE}: the queries in batches of {@code batch} by
 *       {@link IvfPqIndex#search(float[][], int, int)};
 * </ul>
 *
 * each answered with {@code cpu_s=…} (this thread's CPU seconds for all queries); {@code ids NPROBE PATH}
 * writes the top-10 ids of every query (int64 little-endian, row-major) to PATH for the driver's
 * recall@10 and answers {@code ok}; {@code quit} ends.
 */
public final class IvfPqSearchBenchmark {

    private static final int K_NEAREST = 10;

    private IvfPqSearchBenchmark() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Path dir = Paths.get(options.get("dir"));
        int d = Integer.parseInt(options.get("d"));
        int numLists = Integer.parseInt(options.get("K"));
        int m = Integer.parseInt(options.get("M"));
        int train = Integer.parseInt(options.get("train"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "256"));
        IvfPqConfig config = new IvfPqConfig(d, numLists, m)
                .withResidualEncoding(true)
                .withTrainingIterations(Integer.parseInt(options.get("iterations")))
                .withTrainingPointsPerCentroid(Integer.parseInt(options.get("pointsPerCentroid")));
        float[] base = read(dir.resolve("base.f32"));
        float[] flatQueries = read(dir.resolve("queries.f32"));
        int n = base.length / d;
        float[][] queries = new float[flatQueries.length / d][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = Arrays.copyOfRange(flatQueries, q * d, (q + 1) * d);
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime();
        IvfPqIndex index = IvfPqIndex.train(config, Arrays.copyOf(base, train * d), train);
        long trained = cpu.getCurrentThreadCpuTime();
        int chunk = 65536;
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            long[] ids = new long[count];
            for (int i = 0; i < count; i++) {
                ids[i] = from + i;
            }
            index.addAll(ids, Arrays.copyOfRange(base, from * d, (from + count) * d), new long[count]);
        }
        long added = cpu.getCurrentThreadCpuTime();
        base = null;
        System.out.printf(Locale.ROOT, "ready train_cpu_s=%.3f add_cpu_s=%.3f%n", (trained - start) / 1e9,
                (added - trained) / 1e9);
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long sink = 0;
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] words = line.trim().split(" ");
            if (words[0].equals("quit")) {
                break;
            }
            int nprobe = Integer.parseInt(words[1]);
            switch (words[0]) {
                case "single" -> {
                    long before = cpu.getCurrentThreadCpuTime();
                    for (float[] query : queries) {
                        sink += index.search(query, K_NEAREST, nprobe).scanned();
                    }
                    System.out.printf(Locale.ROOT, "cpu_s=%.6f%n", (cpu.getCurrentThreadCpuTime() - before) / 1e9);
                }
                case "batched" -> {
                    long before = cpu.getCurrentThreadCpuTime();
                    for (int from = 0; from < queries.length; from += batch) {
                        float[][] part = Arrays.copyOfRange(queries, from, Math.min(queries.length, from + batch));
                        for (SearchResult result : index.search(part, K_NEAREST, nprobe)) {
                            sink += result.scanned();
                        }
                    }
                    System.out.printf(Locale.ROOT, "cpu_s=%.6f%n", (cpu.getCurrentThreadCpuTime() - before) / 1e9);
                }
                case "ids" -> {
                    ByteBuffer out = ByteBuffer.allocate(queries.length * K_NEAREST * 8).order(ByteOrder.LITTLE_ENDIAN);
                    for (float[] query : queries) {
                        long[] ids = index.search(query, K_NEAREST, nprobe).ids();
                        for (int r = 0; r < K_NEAREST; r++) {
                            out.putLong(r < ids.length ? ids[r] : -1);
                        }
                    }
                    Files.write(Paths.get(words[2]), out.array());
                    System.out.println("ok");
                }
                default -> throw new IllegalArgumentException("unknown command " + line);
            }
            System.out.flush();
        }
        if (sink == 42) {
            System.err.println();
        }
    }

    private static float[] read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(channel.size())).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read fully
            }
            bytes.flip();
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            return values;
        }
    }
}
