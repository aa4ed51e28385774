package io.flinkdrift.jobs.runtime;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CachedRpcSystemLoaderTest {

    @TempDir
    Path dir;

    /** A jar holding {@code content} as its {@code flink-rpc-akka.jar} entry; its URL. */
    private URL jarWithRpcJar(String name, byte[] content) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("other.txt"));
            zip.write(new byte[] {1, 2, 3});
            zip.putNextEntry(new ZipEntry(CachedRpcSystemLoader.RPC_JAR));
            zip.write(content);
        }
        return new URL("jar:" + jar.toUri() + "!/" + CachedRpcSystemLoader.RPC_JAR);
    }

    @Test
    void theCopyIsWrittenOnceNamedByTheEntrysChecksumAndSize() throws IOException {
        byte[] content = new byte[100_000];
        new Random(1).nextBytes(content);
        CRC32 crc = new CRC32();
        crc.update(content);
        Path cache = dir.resolve("cache");

        Path copy = CachedRpcSystemLoader.cachedCopy(jarWithRpcJar("a.jar", content), cache);
        assertEquals(String.format("flink-rpc-akka-%08x-100000.jar", crc.getValue()), copy.getFileName().toString());
        assertArrayEquals(content, Files.readAllBytes(copy));

        FileTime written = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(copy, written);
        assertEquals(copy, CachedRpcSystemLoader.cachedCopy(jarWithRpcJar("rebuilt.jar", content), cache),
                "another jar with the same RPC jar reuses the copy");
        assertEquals(written, Files.getLastModifiedTime(copy), "not written again");

        byte[] changed = content.clone();
        changed[7]++;
        Path other = CachedRpcSystemLoader.cachedCopy(jarWithRpcJar("b.jar", changed), cache);
        assertNotEquals(copy, other);
        assertArrayEquals(changed, Files.readAllBytes(other));

        Files.write(copy, new byte[10]); // a copy of the wrong size (not one this class writes) is replaced
        assertEquals(copy, CachedRpcSystemLoader.cachedCopy(jarWithRpcJar("a.jar", content), cache));
        assertArrayEquals(content, Files.readAllBytes(copy));
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(2, files.count(), "no partial copies left");
        }
    }

    @Test
    void withoutTheCacheDirectoryFlinksOwnLoaderIsUsed() {
        System.clearProperty(CachedRpcSystemLoader.CACHE_PROPERTY);
        assertThrows(RpcLoaderException.class, () -> new CachedRpcSystemLoader().loadRpcSystem(new Configuration()));
    }

    @Test
    void flinksRpcSystemLoadsFromTheCachedCopyAndStartsAService() throws Exception {
        Path cache = dir.resolve("cache");
        System.setProperty(CachedRpcSystemLoader.CACHE_PROPERTY, cache.toString());
        try (RpcSystem rpcSystem = RpcSystem.load(new Configuration())) {
            try (Stream<Path> files = Files.list(cache)) {
                List<Path> copies = files.toList();
                assertEquals(1, copies.size(), copies.toString());
                assertEquals(Files.size(copies.get(0)), rpcSystem.getClass().getClassLoader()
                        .getResource(CachedRpcSystemLoader.RPC_JAR).openConnection().getContentLengthLong());
            }
            RpcService service = rpcSystem.localServiceBuilder(new Configuration()).createAndStart();
            service.closeAsync().get();
        } finally {
            System.clearProperty(CachedRpcSystemLoader.CACHE_PROPERTY);
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(1, files.count(), "closing the RPC system keeps the cached copy");
        }
    }
}
