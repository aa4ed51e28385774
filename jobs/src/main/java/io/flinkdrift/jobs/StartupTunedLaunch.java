package io.flinkdrift.jobs;

import io.flinkdrift.jobs.runtime.CachedRpcSystemLoader;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs {@code java -jar flink-drift-jobs.jar} on a small bounded file in a second JVM tuned for
 * start-up, because there JVM and mini-cluster start-up, not the records, make the cost: a 1-row
 * file cost about 12 CPU-seconds with the JVM's defaults, most of it in the optimising (C2) JIT
 * compiler, the parallel garbage collector's threads and loading some 11,000 classes.
 *
 * <p>The second JVM compiles with C1 only ({@code -XX:TieredStopAtLevel=1}), collects with the
 * serial collector, and maps the classes of the jar from a class-data-sharing archive (JDK 13+
 * dynamic AppCDS, JEP 350), written at the exit of the first such run under {@code
 * $XDG_CACHE_HOME/flink-drift} (default {@code ~/.cache/flink-drift}) and kept for this jar and
 * JVM only; the same directory keeps the copy of Flink's RPC jar that {@link CachedRpcSystemLoader}
 * loads instead of extracting it for every run. Unless this JVM was given a logging property ({@code -Dflink-drift.log-level} or a
 * {@code -Dlog4j...} option), the second JVM logs through Log4j's simple logger with level OFF
 * instead of initialising Log4j's core from the jar's {@code log4j2.properties} (also OFF): the
 * same silence for about 600 fewer classes. Output, exit code and options are unchanged.
 *
 * <p>The parent only decides and waits: it runs before anything else and keeps to plain {@code
 * java.base} code (no lambdas, {@code String.format}, regular expressions or string concatenation
 * through {@code invokedynamic}), since each of those costs this short-lived JVM measurable start-up
 * CPU.
 *
 * <p>It applies only when this process was started as {@code java -jar} on this jar (never under
 * {@code flink run}), the JVM was given no {@code -XX} option and no {@code JAVA_TOOL_OPTIONS} or
 * {@code JDK_JAVA_OPTIONS} (a user's tuning is left alone), and every {@code file:} argument is a
 * regular file, {@code --source} among them, of at most {@link #MAX_INPUT_BYTES} bytes in all, not
 * watched with {@code --monitor-interval}. Longer runs keep the JVM's defaults: the C2 compiler
 * pays for itself on them.
 */
final class StartupTunedLaunch {

    /**
     * Input size up to which the tuned JVM is known not to slow a run: on the Elec2 file (45,312
     * rows, 3.2 MB) it halves the CPU and processes as many records per second, on a 9.7 MB file it
     * costs 40% less CPU and 15% less wall time; on files of 28 and 39 MB it still costs less CPU,
     * but C1-compiled code takes longer (README, Start-up).
     */
    static final long MAX_INPUT_BYTES = 16L << 20;

    /** Set on the tuned JVM, so that it runs the job itself. */
    static final String TUNED_PROPERTY = "flinkdrift.startup-tuned";

    private static final String FILE = "file:";
    private static final List<String> TUNING = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            // A stale archive is ignored; its warning must not reach stdout, where records may go.
            "-Xlog:cds=off,cds+dynamic=off");
    /** Log4j's simple logger, silent: what the jar's {@code log4j2.properties} configures by default. */
    private static final List<String> SILENT_LOGGING = List.of(
            "-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory",
            "-Dlog4j2.simplelogLevel=OFF");

    private StartupTunedLaunch() {}

    /**
     * Runs the job in a tuned JVM when the launch qualifies (see the class comment) and returns its
     * exit code; empty when the job is to run in this JVM.
     */
    static OptionalInt run(String[] args) throws IOException, InterruptedException {
        Optional<List<String>> command = tunedCommand(args);
        if (command.isEmpty()) {
            return OptionalInt.empty();
        }
        Path jar = jarOf();
        Path cache = cacheDirectory();
        Path archive = archive(jar, cache);
        Path pendingArchive = null;
        List<String> child = new ArrayList<>(command.get());
        if (archive != null) {
            child.add(1, "-D".concat(CachedRpcSystemLoader.CACHE_PROPERTY).concat("=").concat(cache.toString()));
        }
        if (archive != null && Files.isRegularFile(archive)) {
            child.add(1, "-XX:SharedArchiveFile=".concat(archive.toString()));
        } else if (archive != null) {
            pendingArchive = archive.resolveSibling(
                    archive.getFileName().toString().concat(".").concat(Long.toString(ProcessHandle.current().pid())));
            child.add(1, "-XX:ArchiveClassesAtExit=".concat(pendingArchive.toString()));
        }
        Process process = new ProcessBuilder(child).inheritIO().start();
        Thread stopChild = new Thread() {
            @Override
            public void run() {
                process.destroy();
            }
        };
        Runtime.getRuntime().addShutdownHook(stopChild);
        int exitCode = process.waitFor();
        Runtime.getRuntime().removeShutdownHook(stopChild);
        if (pendingArchive != null) {
            // A run that failed (bad options, say) loaded only part of the classes: no archive of it.
            if (exitCode == 0 && Files.isRegularFile(pendingArchive)) {
                replaceArchives(pendingArchive, archive, jar);
            }
            Files.deleteIfExists(pendingArchive);
        }
        return OptionalInt.of(exitCode);
    }

    /**
     * The command line of the tuned JVM: this JVM's executable and options, the tuning (see {@link
     * #tuning}), then {@code -jar}, the jar and {@code args}; empty when the launch does not qualify.
     */
    static Optional<List<String>> tunedCommand(String[] args) {
        if (System.getProperty(TUNED_PROPERTY) != null || System.getenv("JAVA_TOOL_OPTIONS") != null
                || System.getenv("JDK_JAVA_OPTIONS") != null || !smallBoundedFiles(args)) {
            return Optional.empty();
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String[]> arguments = info.arguments();
        Path jar = jarOf();
        if (info.command().isEmpty() || arguments.isEmpty() || jar == null) {
            return Optional.empty();
        }
        List<String> jvmOptions = new ArrayList<>();
        String[] argv = arguments.get();
        int i = 0;
        for (; i < argv.length && !argv[i].equals("-jar"); i++) {
            if (argv[i].startsWith("-XX:")) {
                return Optional.empty();
            }
            jvmOptions.add(argv[i]);
        }
        if (i + 1 >= argv.length || !sameFile(Path.of(argv[i + 1]), jar)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(info.command().get());
        command.addAll(tuning(jvmOptions));
        command.addAll(jvmOptions);
        command.add("-D".concat(TUNED_PROPERTY).concat("=true"));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return Optional.of(command);
    }

    /**
     * The options the tuned JVM gets before {@code jvmOptions}, this JVM's own: C1 only, the serial
     * collector, no class-data-sharing warnings and, unless {@code jvmOptions} set a logging property
     * ({@code -Dflink-drift.log-level=...}, {@code -Dlog4j...}), Log4j's simple logger, silent.
     */
    static List<String> tuning(List<String> jvmOptions) {
        for (String option : jvmOptions) {
            if (option.startsWith("-Dflink-drift.log-level=") || option.startsWith("-Dlog4j")) {
                return TUNING;
            }
        }
        List<String> tuning = new ArrayList<>(TUNING);
        tuning.addAll(SILENT_LOGGING);
        return tuning;
    }

    /**
     * Whether the input is bounded and small: {@code --source} and, if given, {@code --queries} are
     * regular {@code file:}s of at most {@link #MAX_INPUT_BYTES} in all, and no directory is watched.
     */
    static boolean smallBoundedFiles(String[] args) {
        String source = lastValue(args, "--source");
        String queries = lastValue(args, "--queries");
        String monitorInterval = lastValue(args, "--monitor-interval");
        if (source == null || (monitorInterval != null && !zero(monitorInterval))) {
            return false;
        }
        long bytes = 0;
        for (String input : queries == null ? List.of(source) : List.of(source, queries)) {
            Path file = input.startsWith(FILE) ? Path.of(input.substring(FILE.length())) : null;
            if (file == null || !Files.isRegularFile(file)) {
                return false;
            }
            try {
                bytes += Files.size(file);
            } catch (IOException e) {
                return false;
            }
        }
        return bytes <= MAX_INPUT_BYTES;
    }

    /** Whether {@code value} is one or more {@code 0} digits. */
    private static boolean zero(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return !value.isEmpty();
    }

    /** The value of the last {@code option VALUE} or {@code option=VALUE} in {@code args}, or null. */
    private static String lastValue(String[] args, String option) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option) && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith(option) && args[i].startsWith("=", option.length())) {
                value = args[i].substring(option.length() + 1);
            }
        }
        return value;
    }

    /** The jar this class was loaded from, or null when it was not loaded from a jar. */
    private static Path jarOf() {
        try {
            Path location = Path.of(StartupTunedLaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? location : null;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The archive for {@code jar} and this JVM in {@code cache}: {@code jobs-LOCATION-BUILD.jsa},
     * LOCATION a hash of the jar's path, BUILD of its size, modification time and the JVM's
     * version, so that a rebuilt jar or another JVM gets an archive of its own; null when the
     * directory cannot be created.
     */
    static Path archive(Path jar, Path cache) {
        try {
            Path directory = Files.createDirectories(cache);
            String build = new StringBuilder().append(Files.size(jar)).append('|')
                    .append(Files.getLastModifiedTime(jar).toMillis()).append('|')
                    .append(System.getProperty("java.vm.version")).toString();
            return directory.resolve(archivePrefix(jar).concat(hex8(build.hashCode())).concat(".jsa"));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** {@code $XDG_CACHE_HOME/flink-drift}, by default {@code ~/.cache/flink-drift}. */
    private static Path cacheDirectory() {
        String cacheHome = System.getenv("XDG_CACHE_HOME");
        return (cacheHome != null && !cacheHome.isEmpty() ? Path.of(cacheHome)
                : Path.of(System.getProperty("user.home"), ".cache")).resolve("flink-drift");
    }

    private static String archivePrefix(Path jar) throws IOException {
        return "jobs-".concat(hex8(jar.toRealPath().toString().hashCode())).concat("-");
    }

    /** {@code value} as 8 lower-case hexadecimal digits, as {@code %08x} formats it. */
    private static String hex8(int value) {
        String digits = Integer.toHexString(value);
        return "00000000".substring(digits.length()).concat(digits);
    }

    /**
     * Moves the new archive into place and deletes the older archives of the same jar location
     * (tens of MB each), so that the cache holds one archive per jar location.
     */
    private static void replaceArchives(Path pendingArchive, Path archive, Path jar) throws IOException {
        Files.move(pendingArchive, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(archive.getParent(), archivePrefix(jar).concat("*.jsa"))) {
            for (Path older : archives) {
                if (!older.equals(archive)) {
                    Files.deleteIfExists(older);
                }
            }
        }
    }
}
