package io.rethinkmigrate.archive.export;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.TableVisitor;
import io.rethinkmigrate.archive.json.MemberDocuments;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An export directory as `rethinkdb export` writes it (`import -d DIR`):
 * {@code <DIR>/<db>/<table>.json|.ndjson|.csv}, each with an optional {@code <table>.info}. A table
 * without one gets the primary key of `--pkey` (else {@code id}) and no indexes.
 */
public final class DirectoryImportReader implements ArchiveReader {
    private final Path dir;
    private final ImportSettings settings;
    private List<Table> tables;

    private record Table(TableEntry entry, Path data, ImportFormat format) {
    }

    private DirectoryImportReader(Path dir, ImportSettings settings) {
        this.dir = dir;
        this.settings = settings;
    }

    public static DirectoryImportReader open(Path dir, ImportSettings settings) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new MigrateException(ErrorKind.USAGE, "-d " + dir + ": not a directory");
        }
        return new DirectoryImportReader(dir, settings);
    }

    @Override
    public Optional<List<TableEntry>> catalog() throws IOException {
        return Optional.of(scan().stream().map(Table::entry).toList());
    }

    @Override
    public void read(TableVisitor visitor) throws IOException {
        for (Table t : scan()) {
            String label = t.data().toString();
            try (InputStream in = Files.newInputStream(t.data())) {
                ImportSource.deliver(visitor, t.entry(), in, label, t.format(), settings);
            }
        }
    }

    private List<Table> scan() throws IOException {
        if (tables != null) {
            return tables;
        }
        List<Table> out = new ArrayList<>();
        Map<TableId, Path> seen = new HashMap<>();
        List<Path> dbs;
        try (Stream<Path> s = Files.list(dir)) {
            dbs = s.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList();
        }
        for (Path db : dbs) {
            List<Path> files;
            try (Stream<Path> s = Files.list(db)) {
                files = s.filter(Files::isRegularFile).filter(p -> !hidden(p)).sorted().toList();
            }
            for (Path file : files) {
                String name = file.getFileName().toString();
                ImportFormat format = ImportFormat.named(ImportFormat.extension(name));
                if (format == null || name.length() == format.extension().length() + 1) {
                    continue;
                }
                String table = name.substring(0, name.length() - ImportFormat.extension(name).length() - 1);
                TableId id = new TableId(db.getFileName().toString(), table);
                Path before = seen.put(id, file);
                if (before != null) {
                    throw new ArchiveException(dir + ": table " + id + " has two data files: " + before.getFileName()
                            + " and " + name);
                }
                out.add(new Table(new TableEntry(id, info(db.resolve(table + ".info"))), file, format));
            }
        }
        out.sort((a, b) -> a.entry().table().compareTo(b.entry().table()));
        tables = List.copyOf(out);
        return tables;
    }

    private TableInfo info(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return ImportSource.defaultInfo(settings);
        }
        if (Files.size(file) > OfficialArchiveReader.MAX_INFO_SIZE) {
            throw new ArchiveException(file + ": too big for table metadata");
        }
        try {
            return TableInfo.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ArchiveException(file + ": invalid table metadata: " + MemberDocuments.oneLine(e.getMessage()), e);
        }
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    @Override
    public void close() {
    }
}
