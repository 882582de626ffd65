package io.rethinkmigrate.archive.tar;

import io.rethinkmigrate.archive.compress.ArchiveCompression;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Options of {@link OfficialArchiveWriter}.
 *
 * @param tempDir     where each table's compressed data is spooled until the table is finished
 * @param gzipLevel   the compression level, in the range of {@code compression} (gzip 0..9: the official
 *                    dump uses 9, our default 6 is much faster and a little bigger; zstd 1..19, default 3)
 * @param overwrite   replace an existing target file ({@code --overwrite-file})
 * @param compression gzip (the official format, default), zstd or none ({@code --compress})
 */
public record ArchiveWriterOptions(Path tempDir, int gzipLevel, boolean overwrite, ArchiveCompression compression) {
    public static final int DEFAULT_GZIP_LEVEL = 6;

    public ArchiveWriterOptions {
        Objects.requireNonNull(tempDir, "tempDir");
        Objects.requireNonNull(compression, "compression");
        if (gzipLevel < compression.minLevel() || gzipLevel > compression.maxLevel()) {
            throw new IllegalArgumentException(compression.optionName() + " level must be " + compression.minLevel()
                    + ".." + compression.maxLevel() + ", not " + gzipLevel);
        }
    }

    public ArchiveWriterOptions(Path tempDir, int gzipLevel, boolean overwrite) {
        this(tempDir, gzipLevel, overwrite, ArchiveCompression.GZIP);
    }

    public static ArchiveWriterOptions defaults() {
        return new ArchiveWriterOptions(Path.of(System.getProperty("java.io.tmpdir")), DEFAULT_GZIP_LEVEL, false);
    }

    public ArchiveWriterOptions withTempDir(Path dir) {
        return new ArchiveWriterOptions(dir, gzipLevel, overwrite, compression);
    }

    public ArchiveWriterOptions withGzipLevel(int level) {
        return new ArchiveWriterOptions(tempDir, level, overwrite, compression);
    }

    public ArchiveWriterOptions withOverwrite(boolean replace) {
        return new ArchiveWriterOptions(tempDir, gzipLevel, replace, compression);
    }

    /** Another compression at the given level ({@code --compress}, {@code --compress-level}). */
    public ArchiveWriterOptions withCompression(ArchiveCompression kind, int level) {
        return new ArchiveWriterOptions(tempDir, level, overwrite, kind);
    }

    /** The level, named for what it is whatever the compression. */
    public int level() {
        return gzipLevel;
    }
}
