package io.rethinkmigrate.archive.tar;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Options of {@link OfficialArchiveReader}.
 *
 * @param tempDir where a stream's out-of-order data members (a {@code .json} before its {@code .info})
 *                are spooled, gzip-compressed, until their metadata arrives
 * @param limits  how far the archive may expand (decompression bombs, declared sizes)
 */
public record ArchiveReaderOptions(Path tempDir, ArchiveLimits limits) {

    public ArchiveReaderOptions {
        Objects.requireNonNull(tempDir, "tempDir");
        Objects.requireNonNull(limits, "limits");
    }

    public ArchiveReaderOptions(Path tempDir) {
        this(tempDir, ArchiveLimits.defaults());
    }

    public static ArchiveReaderOptions defaults() {
        return new ArchiveReaderOptions(Path.of(System.getProperty("java.io.tmpdir")));
    }

    public ArchiveReaderOptions withTempDir(Path dir) {
        return new ArchiveReaderOptions(dir, limits);
    }

    public ArchiveReaderOptions withLimits(ArchiveLimits l) {
        return new ArchiveReaderOptions(tempDir, l);
    }
}
