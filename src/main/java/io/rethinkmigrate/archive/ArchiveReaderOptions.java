package io.rethinkmigrate.archive;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Options of {@link OfficialArchiveReader}.
 *
 * @param tempDir where a stream's out-of-order data members (a {@code .json} before its {@code .info})
 *                are spooled, gzip-compressed, until their metadata arrives
 */
public record ArchiveReaderOptions(Path tempDir) {

    public ArchiveReaderOptions {
        Objects.requireNonNull(tempDir, "tempDir");
    }

    public static ArchiveReaderOptions defaults() {
        return new ArchiveReaderOptions(Path.of(System.getProperty("java.io.tmpdir")));
    }

    public ArchiveReaderOptions withTempDir(Path dir) {
        return new ArchiveReaderOptions(dir);
    }
}
