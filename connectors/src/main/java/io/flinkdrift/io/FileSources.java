package io.flinkdrift.io;

import io.flinkdrift.records.TextLine;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

import javax.annotation.Nullable;

import java.time.Duration;
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
}
