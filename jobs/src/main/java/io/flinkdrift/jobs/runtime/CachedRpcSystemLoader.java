package io.flinkdrift.jobs.runtime;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.classloading.SubmoduleClassLoader;
import org.apache.flink.runtime.rpc.CleanupOnCloseRpcSystem;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;

/**
 * Flink's Pekko RPC system, loaded from a copy of its jar kept in a cache directory instead of one
 * extracted to the run's temporary directory every time (Flink's own {@code PekkoRpcSystemLoader}
 * inflates and writes its 21 MB for each mini-cluster, about a twentieth of a 1-row run's CPU).
 *
 * <p>It applies only when the system property {@value #CACHE_PROPERTY} names the cache directory,
 * which the start-up tuned JVM of {@code java -jar} sets (see {@code StartupTunedLaunch}); otherwise
 * it refuses, and Flink's loader, next by priority, extracts the jar as usual. The copy is named by
 * the CRC-32 and size of the jar inside this one, so a rebuilt jar gets a copy of its own, and is
 * written under a temporary name and moved into place, so runs never see a partial copy. The
 * classes are loaded exactly as Flink's loader loads them: a {@link SubmoduleClassLoader} over the
 * jar, with the RPC system it provides, closed with it.
 */
public final class CachedRpcSystemLoader implements RpcSystemLoader {

    /** The system property that names the cache directory. */
    public static final String CACHE_PROPERTY = "flinkdrift.rpc-jar-cache";

    /** The resource Flink's {@code PekkoRpcSystemLoader} extracts. */
    static final String RPC_JAR = "flink-rpc-akka.jar";

    /** Before Flink's loader, whose priority is 0. */
    @Override
    public int getLoadPriority() {
        return -1;
    }

    @Override
    public RpcSystem loadRpcSystem(Configuration config) {
        String cache = System.getProperty(CACHE_PROPERTY);
        if (cache == null) {
            throw new RpcLoaderException("no " + CACHE_PROPERTY + " directory: Flink's loader extracts the RPC jar");
        }
        ClassLoader flinkClassLoader = RpcSystem.class.getClassLoader();
        URL resource = flinkClassLoader.getResource(RPC_JAR);
        if (resource == null) {
            throw new RpcLoaderException(RPC_JAR + " is not on the class path");
        }
        try {
            Path jar = cachedCopy(resource, Path.of(cache));
            SubmoduleClassLoader loader = new SubmoduleClassLoader(new URL[] {jar.toUri().toURL()}, flinkClassLoader);
            return new CleanupOnCloseRpcSystem(ServiceLoader.load(RpcSystem.class, loader).iterator().next(), loader, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cache the RPC jar in " + cache, e);
        }
    }

    /**
     * The copy of {@code resource} in {@code cache}, written first if it is not there yet:
     * {@code flink-rpc-akka-CRC-SIZE.jar}, CRC and SIZE those the enclosing jar records for the entry.
     */
    static Path cachedCopy(URL resource, Path cache) throws IOException {
        URLConnection connection = resource.openConnection();
        long size;
        String name;
        if (connection instanceof JarURLConnection jarConnection) {
            JarEntry entry = jarConnection.getJarEntry();
            size = entry.getSize();
            name = String.format("flink-rpc-akka-%08x-%d.jar", entry.getCrc(), size);
        } else { // a directory on the class path (an IDE): the file's own size and time
            Path file = Path.of(java.net.URI.create(resource.toString()));
            size = Files.size(file);
            name = String.format("flink-rpc-akka-%d-%d.jar", Files.getLastModifiedTime(file).toMillis(), size);
        }
        Path copy = cache.resolve(name);
        if (Files.isRegularFile(copy) && Files.size(copy) == size) {
            return copy;
        }
        Files.createDirectories(cache);
        Path partial = Files.createTempFile(cache, name, ".partial");
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return copy;
    }
}
