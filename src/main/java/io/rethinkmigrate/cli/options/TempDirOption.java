package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** `--temp-dir` of dump, restore and verify: where the archive code spools what it cannot stream at once. */
public final class TempDirOption {
    @Option(names = "--temp-dir", paramLabel = "DIR",
            description = "directory for spool files: a dump's per-table spool (each at most one table's compressed "
                    + "data), or a table whose data comes before its .info in an archive read as a stream")
    public Path dir;

    /** The writer options, spooling into --temp-dir when it is given. */
    public ArchiveWriterOptions applyTo(ArchiveWriterOptions options) {
        return dir == null ? options : options.withTempDir(dir);
    }

    /** The default reader options, spooling into --temp-dir when it is given. */
    public ArchiveReaderOptions readerOptions() {
        return readerOptions(dir);
    }

    /** The default reader options, spooling into {@code dir} unless it is null. */
    public static ArchiveReaderOptions readerOptions(Path dir) {
        return dir == null ? ArchiveReaderOptions.defaults() : ArchiveReaderOptions.defaults().withTempDir(dir);
    }
}
