package io.rethinkmigrate.archive;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Options of {@link OfficialArchiveWriter}.
 *
 * @param tempDir   where each table's compressed data is spooled until the table is finished
 * @param gzipLevel 0..9 (the official dump uses 9; our default is 6: much faster, a little bigger)
 * @param overwrite replace an existing target file ({@code --overwrite-file})
 */
public record ArchiveWriterOptions(Path tempDir, int gzipLevel, boolean overwrite) {
    public static final int DEFAULT_GZIP_LEVEL = 6;

    public ArchiveWriterOptions {
        Objects.requireNonNull(tempDir, "tempDir");
        if (gzipLevel < 0 || gzipLevel > 9) {
            throw new IllegalArgumentException("gzip level must be 0..9, not " + gzipLevel);
        }
    }

    public static ArchiveWriterOptions defaults() {
        return new ArchiveWriterOptions(Path.of(System.getProperty("java.io.tmpdir")), DEFAULT_GZIP_LEVEL, false);
    }

    public ArchiveWriterOptions withTempDir(Path dir) {
        return new ArchiveWriterOptions(dir, gzipLevel, overwrite);
    }

    public ArchiveWriterOptions withGzipLevel(int level) {
        return new ArchiveWriterOptions(tempDir, level, overwrite);
    }

    public ArchiveWriterOptions withOverwrite(boolean replace) {
        return new ArchiveWriterOptions(tempDir, gzipLevel, replace);
    }
}
