package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import javax.annotation.Nullable;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** File sources of raw text lines. */
public final class FileSources {

    private FileSources() {}

    /**
     * A source of the lines of the given files, read with {@link BoundedLineFormat}. A directory reads
     * every file below it (recursively; names starting with {@code .} or {@code _} are skipped).
     *
     * @param paths files or directories on any Flink file system, at least one
     * @param monitorInterval {@code null} for a bounded source that reads the files present at start;
     *     otherwise a positive interval at which the paths are scanned for new files (unbounded source;
     *     each file is read once, appends to already read files are not seen)
     * @param maxLineBytes maximum bytes per line, see {@link BoundedLineFormat#BoundedLineFormat(int)}
     * @throws IllegalArgumentException if {@code paths} is empty, the interval is not positive, or
     *     {@code maxLineBytes} is out of range
     */
    public static FileSource<TextLine> lines(
            List<Path> paths, @Nullable Duration monitorInterval, int maxLineBytes) {
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("paths must name at least one file or directory");
        }
        if (monitorInterval != null && (monitorInterval.isZero() || monitorInterval.isNegative())) {
            throw new IllegalArgumentException(
                    "monitorInterval must be positive or null, got " + monitorInterval);
        }
        FileSource.FileSourceBuilder<TextLine> builder =
                FileSource.forBulkFileFormat(new BoundedLineFormat(maxLineBytes), paths.toArray(new Path[0]));
        if (monitorInterval != null) {
            builder.monitorContinuously(monitorInterval);
        }
        return builder.build();
    }

    /**
     * The first {@code count} lines of the first file (in path order) that {@link #lines} reads from
     * {@code path}, each cut to {@code maxLineBytes} bytes; fewer at the end of the file, none when
     * there is no file to read. Lets a client check an input before a job reads it.
     *
     * @throws java.io.FileNotFoundException if {@code path} does not exist
     * @throws IOException if it cannot be listed or read
     */
    public static List<String> firstLines(Path path, int count, int maxLineBytes) throws IOException {
        FileSystem fileSystem = path.getFileSystem();
        FileStatus first = firstFile(fileSystem, fileSystem.getFileStatus(path));
        List<String> lines = new ArrayList<>(count);
        if (first == null) {
            return lines;
        }
        try (InputStream in = new BufferedInputStream(fileSystem.open(first.getPath()))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b = 0;
            while (lines.size() < count && b >= 0) {
                line.reset();
                while ((b = in.read()) >= 0 && b != '\n') {
                    if (line.size() < maxLineBytes) {
                        line.write(b);
                    }
                }
                if (b >= 0 || line.size() > 0) {
                    String text = line.toString(StandardCharsets.UTF_8);
                    lines.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
                }
            }
        }
        return lines;
    }

    /** The first readable file at or below {@code status}, skipping hidden names, or null. */
    private static FileStatus firstFile(FileSystem fileSystem, FileStatus status) throws IOException {
        if (!status.isDir()) {
            return status;
        }
        FileStatus[] children = fileSystem.listStatus(status.getPath());
        Arrays.sort(children, Comparator.comparing(child -> child.getPath().getName()));
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            FileStatus file = name.startsWith(".") || name.startsWith("_") ? null : firstFile(fileSystem, child);
            if (file != null) {
                return file;
            }
        }
        return null;
    }
}
