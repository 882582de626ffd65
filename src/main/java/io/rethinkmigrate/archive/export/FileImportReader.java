package io.rethinkmigrate.archive.export;

import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.TableVisitor;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One file (or stdin) into one table (`import -f FILE --table DB.TABLE`): the format from `--format`
 * or the extension; the table's primary key from `--pkey`, else {@code id}.
 */
public final class FileImportReader implements ArchiveReader {
    private final Path file;
    private final InputStream stream;
    private final String label;
    private final TableEntry entry;
    private final ImportFormat format;
    private final ImportSettings settings;
    private boolean streamUsed;

    private FileImportReader(Path file, InputStream stream, String label, TableId table, ImportFormat format,
                             ImportSettings settings) {
        this.file = file;
        this.stream = stream;
        this.label = label;
        this.entry = new TableEntry(table, ImportSource.defaultInfo(settings));
        this.format = Objects.requireNonNull(format, "format");
        this.settings = settings;
    }

    /** A file; {@code format} null means from the extension. */
    public static FileImportReader open(Path file, TableId table, ImportFormat format, ImportSettings settings) {
        if (!Files.isRegularFile(file)) {
            throw new MigrateException(ErrorKind.USAGE, "-f " + file + ": no such file");
        }
        ImportFormat f = format != null ? format
                : ImportFormat.named(ImportFormat.extension(file.getFileName().toString()));
        if (f == null) {
            throw new MigrateException(ErrorKind.USAGE, "-f " + file
                    + ": unknown format from the extension (use --format json|ndjson|csv)");
        }
        return new FileImportReader(file, null, file.toString(), table, f, settings);
    }

    /** A stream read once (stdin for {@code -f -}); the caller owns it. */
    public static FileImportReader open(InputStream in, String label, TableId table, ImportFormat format,
                                        ImportSettings settings) {
        return new FileImportReader(null, in, label, table, format, settings);
    }

    @Override
    public Optional<List<TableEntry>> catalog() {
        return Optional.of(List.of(entry));
    }

    @Override
    public void read(TableVisitor visitor) throws IOException {
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                ImportSource.deliver(visitor, entry, in, label, format, settings);
            }
        } else {
            if (streamUsed) {
                throw new IllegalStateException(label + ": a stream can be read only once");
            }
            streamUsed = true;
            ImportSource.deliver(visitor, entry, stream, label, format, settings);
        }
    }

    @Override
    public void close() {
    }
}
