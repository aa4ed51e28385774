package io.flinkdrift.bench;

import io.flinkdrift.core.ann.IvfPqConfig;
import io.flinkdrift.core.ann.IvfPqIndex;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Training and batched-add cost of the IVF-PQ core on one thread, for {@code src/bench/vs-faiss-add.sh},
 * which runs Faiss {@code IndexIVFPQ} on the same data ({@code src/bench/vs_faiss_add.py}). The data are
 * {@link IvfPqBenchmark}'s low-intrinsic-dimension mixture (base stream, seed 43), written once to
 * {@code out/base.f32} (little-endian float32, row-major) and read from there by every later run and
 * by the Faiss side; every run writes its parameters to {@code out/add.json} for the Faiss side.
 *
 * <p>Per pass: {@link IvfPqIndex#train} on all n vectors (k-means++ on a subsample of at most
 * {@code pointsPerCentroid}·K of them, then the PQ on at most 256·{@code pointsPerCentroid} residuals,
 * {@code iterations} Lloyd iterations each), then {@link IvfPqIndex#addAll} of the n vectors in one
 * batch. CPU time is this thread's. The first {@code warmup} passes let the JIT compile the kernels (a
 * long-running job's state); {@code passes} measured passes follow. Prints one line per measured pass:
 * {@code ours train_cpu_s=… add_cpu_s=… add_vps=…}.
 *
 * <p>Arguments {@code KEY=VALUE}, defaults in brackets: {@code out} [target/vs-faiss-add], {@code n}
 * [100000], {@code d} [64], {@code K} [1024], {@code M} [16], {@code residual} [true], {@code iterations}
 * [10], {@code pointsPerCentroid} [64], {@code warmup} [1], {@code passes} [1].
 */
public final class AddTrainBenchmark {

    private AddTrainBenchmark() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("out", "target/vs-faiss-add");
        options.put("n", "100000");
        options.put("d", "64");
        options.put("K", "1024");
        options.put("M", "16");
        options.put("residual", "true");
        options.put("iterations", "10");
        options.put("pointsPerCentroid", "64");
        options.put("warmup", "1");
        options.put("passes", "1");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0 || !options.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + arg + "; known: " + options.keySet());
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Path out = Paths.get(options.get("out"));
        int n = Integer.parseInt(options.get("n"));
        int d = Integer.parseInt(options.get("d"));
        IvfPqConfig config = new IvfPqConfig(d, Integer.parseInt(options.get("K")), Integer.parseInt(options.get("M")))
                .withResidualEncoding(Boolean.parseBoolean(options.get("residual")))
                .withTrainingIterations(Integer.parseInt(options.get("iterations")))
                .withTrainingPointsPerCentroid(Integer.parseInt(options.get("pointsPerCentroid")));
        float[] data = data(out, n, d);
        Files.writeString(out.resolve("add.json"), String.format(Locale.ROOT,
                "{\"n\": %d, \"d\": %d, \"K\": %d, \"M\": %d, \"residual\": %b, \"iterations\": %d,"
                        + " \"pointsPerCentroid\": %d}%n",
                n, d, config.numLists(), config.numSubQuantizers(), config.residualEncoding(),
                config.trainingIterations(), config.trainingPointsPerCentroid()));
        long[] ids = new long[n];
        long[] timestamps = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int warmup = Integer.parseInt(options.get("warmup"));
        int passes = Integer.parseInt(options.get("passes"));
        for (int pass = 0; pass < warmup + passes; pass++) {
            long start = cpu.getCurrentThreadCpuTime();
            IvfPqIndex index = IvfPqIndex.train(config, data, n);
            long trained = cpu.getCurrentThreadCpuTime();
            index.addAll(ids, data, timestamps);
            long added = cpu.getCurrentThreadCpuTime();
            if (index.size() != n) {
                throw new IllegalStateException("index holds " + index.size() + " vectors, expected " + n);
            }
            if (pass >= warmup) {
                System.out.printf(Locale.ROOT, "ours train_cpu_s=%.3f add_cpu_s=%.3f add_vps=%.0f%n",
                        (trained - start) / 1e9, (added - trained) / 1e9, n / ((added - trained) / 1e9));
            }
        }
    }

    /** The n base vectors from out/base.f32, written there when absent. */
    private static float[] data(Path out, int n, int d) throws IOException {
        Path file = out.resolve("base.f32");
        ByteBuffer bytes;
        if (Files.exists(file)) {
            bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.remaining() != 4L * n * d) {
                throw new IllegalStateException(file + " holds " + bytes.remaining() + " bytes, expected "
                        + 4L * n * d + ": remove " + out + " to regenerate");
            }
            float[] data = new float[n * d];
            bytes.asFloatBuffer().get(data);
            return data;
        }
        float[] data = new IvfPqBenchmark.Vectors(d).rows(IvfPqBenchmark.BASE_SEED, n);
        bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        Files.createDirectories(out);
        Files.write(file, bytes.array());
        return data;
    }
}
