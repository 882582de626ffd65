package io.rethinkmigrate.archive.export;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.WrittenTables;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Writes the directory of the official {@code rethinkdb export}: {@code <DIR>/<db>/<table>.info} (the same
 * content as a dump's {@code .info}) and {@code <DIR>/<db>/<table>.json|.ndjson|.csv} (see
 * {@link ExportEncoder}). The directory is written as {@code <DIR>.partial} and renamed to {@code <DIR>} by
 * {@link #commit()}; closed without commit, the partial directory is removed. An existing {@code <DIR>} is
 * refused, as the official tool does (it has no overwrite option).
 *
 * <p>{@link #toStream} writes the data of exactly one table to a stream instead ({@code -d -}), no
 * {@code .info}.
 */
public final class DirectoryExportWriter implements ArchiveWriter {
    private static final int IO_BUFFER = 64 * 1024;
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'rethinkdb_export_'yyyy-MM-dd'T'HH:mm:ss");

    private final Path target;
    private final Path partial;
    private final OutputStream stream;
    private final ExportOptions options;
    private final WrittenTables<Table> tables = new WrittenTables<>("export");
    private boolean committed;
    private boolean closed;

    private DirectoryExportWriter(Path target, OutputStream stream, ExportOptions options) throws IOException {
        this.options = Objects.requireNonNull(options, "options");
        this.target = target;
        this.stream = stream;
        if (target == null) {
            this.partial = null;
            return;
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new MigrateException(ErrorKind.TARGET_EXISTS, target + " already exists");
        }
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        if (Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
            throw new MigrateException(ErrorKind.TARGET_EXISTS, partial
                    + " already exists (left by an export that was killed? remove it first)");
        }
        try {
            Files.createDirectories(partial);
        } catch (IOException e) {
            throw new MigrateException(ErrorKind.IO, "cannot create " + partial + ": " + e.getMessage(), e);
        }
    }

    /** An export directory, written as {@code <target>.partial} and renamed to {@code target} by {@link #commit()}. */
    public static DirectoryExportWriter toDirectory(Path target, ExportOptions options) throws IOException {
        return new DirectoryExportWriter(Objects.requireNonNull(target, "target"), null, options);
    }

    /** One table's data file written to a stream ({@code -d -}); the caller owns and closes the stream. */
    public static DirectoryExportWriter toStream(OutputStream out, ExportOptions options) throws IOException {
        return new DirectoryExportWriter(null, Objects.requireNonNull(out, "out"), options);
    }

    /** The official default directory name: {@code rethinkdb_export_<YYYY-MM-DD>T<HH:MM:SS>} (local time). */
    public static String defaultName(LocalDateTime now) {
        return now.format(NAME);
    }

    @Override
    public synchronized TableWriter openTable(TableId table, TableInfo info) throws IOException {
        if (closed || committed) {
            throw new IllegalStateException("export writer already " + (committed ? "committed" : "closed"));
        }
        Objects.requireNonNull(info, "info");
        checkName("database name", table.db());
        checkName("table name", table.table());
        if (stream != null && !tables.isEmpty()) {
            throw new MigrateException(ErrorKind.USAGE, "an export to standard output takes exactly one table");
        }
        return tables.open(table, () -> new Table(table, info));
    }

    @Override
    public synchronized void commit() throws IOException {
        if (closed || committed) {
            throw new IllegalStateException("export writer already " + (committed ? "committed" : "closed"));
        }
        tables.requireNoneOpen();
        if (stream != null) {
            if (tables.isEmpty()) {
                throw new MigrateException(ErrorKind.USAGE, "an export to standard output takes exactly one table, "
                        + "and the selection has none");
            }
            stream.flush();
        } else {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new MigrateException(ErrorKind.TARGET_EXISTS, target + " already exists");
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
        }
        committed = true;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        tables.discardOpen();
        if (!committed && partial != null) {
            deleteTree(partial);
        }
    }

    /** The directory being written ({@code <DIR>.partial}), or null for a stream. */
    public Path partialDirectory() {
        return partial;
    }

    private static void checkName(String what, String name) {
        if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid " + what + " for an export file: '" + name + "'");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** One table: its data file written as the documents come. */
    private final class Table extends WrittenTables.Sink {
        final TableInfo info;
        final Path file;
        private final OutputStream raw;
        private final OfficialArchiveWriter.CountingStream counter;
        private final ExportEncoder encoder;

        Table(TableId id, TableInfo info) throws IOException {
            super(id, tables);
            this.info = info;
            if (stream != null) {
                this.file = null;
                this.raw = new BufferedOutputStream(new OfficialArchiveWriter.NonClosing(stream), IO_BUFFER);
            } else {
                Path dbDir = partial.resolve(id.db());
                Files.createDirectories(dbDir);
                this.file = dbDir.resolve(id.table() + "." + options.format().extension());
                this.raw = new BufferedOutputStream(Files.newOutputStream(file), IO_BUFFER);
            }
            this.counter = new OfficialArchiveWriter.CountingStream(raw);
            ExportEncoder e;
            try {
                e = new ExportEncoder(options, counter);
            } catch (IOException | RuntimeException ex) {
                raw.close();
                throw ex;
            }
            this.encoder = e;
        }

        @Override
        public void write(RawJson document) throws IOException {
            requireOpen();
            try {
                encoder.write(document);
            } catch (ArchiveException e) {
                throw new ArchiveException("table " + id + ": " + e.getMessage(), e);
            }
        }

        @Override
        public long documents() {
            return encoder.documents();
        }

        @Override
        public long bytes() {
            return counter.count() + encoder.buffered();
        }

        @Override
        public void finish() throws IOException {
            requireOpen();
            markDone();
            try {
                encoder.finish();
                raw.close();
                if (file != null) {
                    Files.write(file.resolveSibling(id.table() + ".info"), OfficialArchiveWriter.infoBytes(info));
                }
            } finally {
                tables.finished(this);
            }
        }

        @Override
        protected void discard() throws IOException {
            markDone();
            try {
                raw.close();
            } catch (IOException e) {
                // discarding anyway
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }
}
