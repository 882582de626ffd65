package io.rethinkmigrate.archive.tar;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.WrittenTables;
import io.rethinkmigrate.archive.compress.CompressedOutput;
import io.rethinkmigrate.archive.compress.ParallelDeflateOutputStream;
import io.rethinkmigrate.archive.json.JsonCopy;
import io.rethinkmigrate.archive.json.PythonJsonEncoder;
import io.rethinkmigrate.archive.meta.Manifest;
import io.rethinkmigrate.archive.meta.MetadataMembers;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.meta.TableSettings;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Date;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes the official {@code rethinkdb dump} archive: a gzip'd PAX tar holding
 * {@code <top>/<db>/<table>.info} then {@code <top>/<db>/<table>.json} for each table, regular files only.
 *
 * <p>Streaming with bounded memory: each {@link TableWriter} spools its data member, already
 * compressed, to one temp file while counting its uncompressed size and CRC-32 (a tar header needs the
 * size before the data). When the table is finished its members are appended to the output under the
 * archive lock as pieces of one compressed stream ({@link CompressedOutput}: for gzip, one member): a
 * small piece with the tar headers and the {@code .info}, then the spooled data copied byte for byte, so
 * the data is compressed only once. The tar padding after a data member goes into the next small piece;
 * the last piece holds the end-of-archive blocks. See docs/archive-format.md.
 */
public final class OfficialArchiveWriter implements ArchiveWriter {
    private static final int BLOCK = 512;
    private static final int IO_BUFFER = 64 * 1024;
    private static final byte[] NOTHING = {};
    private static final byte[] OPEN = {'[', '\n'};
    private static final byte[] SEPARATOR = {',', '\n'};
    private static final byte[] CLOSE = {'\n', ']', '\n'};
    private static final byte[] CLOSE_EMPTY = {']', '\n'};

    private final Path target;
    private final Path partial;
    private final String topDir;
    private final ArchiveWriterOptions opts;
    private final OutputStream out;
    private final CompressedOutput compressed;
    private final FileOutputStream fileOut;
    private final WrittenTables<Table> tables = new WrittenTables<>("archive");
    private int pendingPadding;
    private boolean committed;
    private boolean closed;
    /** Requested by {@link #startManifest}: completed as tables finish, written last. */
    private Manifest manifest;
    private IOException failure;

    private OfficialArchiveWriter(Path target, String topDir, ArchiveWriterOptions opts, OutputStream sink)
            throws IOException {
        this.topDir = checkName("top directory", topDir);
        this.opts = Objects.requireNonNull(opts, "opts");
        this.target = target;
        if (target != null) {
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !opts.overwrite()) {
                throw new MigrateException(ErrorKind.TARGET_EXISTS, target + " already exists (use --overwrite-file)");
            }
            if (Files.isDirectory(target)) {
                throw new MigrateException(ErrorKind.TARGET_EXISTS, target + " is a directory");
            }
            this.partial = target.resolveSibling(target.getFileName() + ".partial");
            try {
                this.fileOut = new FileOutputStream(partial.toFile());
            } catch (IOException e) {
                throw new MigrateException(ErrorKind.IO, "cannot write " + partial + ": " + e.getMessage(), e);
            }
            this.out = new BufferedOutputStream(fileOut, IO_BUFFER);
        } else {
            this.partial = null;
            this.fileOut = null;
            this.out = new BufferedOutputStream(new NonClosing(Objects.requireNonNull(sink, "out")), IO_BUFFER);
        }
        this.compressed = new CompressedOutput(out, opts.compression(), opts.level());
    }

    /** An archive file, written as {@code <target>.partial} and renamed to {@code target} by {@link #commit()}. */
    public static ArchiveWriter toFile(Path target, String topDir, ArchiveWriterOptions opts) throws IOException {
        return new OfficialArchiveWriter(Objects.requireNonNull(target, "target"), topDir, opts, null);
    }

    /**
     * An archive written to a stream (stdout for {@code -f -}); the caller owns and closes the stream.
     * An aborted archive (closed without commit) ends as an incomplete stream, so that every reader
     * reports it as truncated instead of taking it for a complete archive.
     */
    public static ArchiveWriter toStream(OutputStream out, String topDir, ArchiveWriterOptions opts) throws IOException {
        return new OfficialArchiveWriter(null, topDir, opts, out);
    }

    /** The default top directory and file base name of the official tool: {@code rethinkdb_dump_<local time>}. */
    public static String defaultBaseName(java.time.LocalDateTime now) {
        return "rethinkdb_dump_" + now.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
    }

    @Override
    public synchronized TableWriter openTable(TableId table, TableInfo info) throws IOException {
        ensureUsable();
        Objects.requireNonNull(info, "info");
        checkName("database name", table.db());
        checkName("table name", table.table());
        return tables.open(table, () -> new Table(table, info));
    }

    @Override
    public synchronized TableWriter openTable(TableId table, TableInfo info, TableSettings settings) throws IOException {
        Table t = (Table) openTable(table, info);
        t.settings = settings;
        return t;
    }

    @Override
    public void writeDatabaseConfig(String db, com.fasterxml.jackson.databind.JsonNode config) throws IOException {
        checkName("database name", db);
        appendMetadata(MetadataMembers.database(topDir, db), Json.write(config));
    }

    @Override
    public void writeClusterConfig(com.fasterxml.jackson.databind.JsonNode cluster) throws IOException {
        appendMetadata(MetadataMembers.cluster(topDir), Json.write(cluster));
    }

    @Override
    public synchronized void startManifest(Manifest m) {
        manifest = Objects.requireNonNull(m, "manifest");
    }

    @Override
    public synchronized void commit() throws IOException {
        ensureUsable();
        tables.requireNoneOpen();
        if (manifest != null) {
            appendMetadata(MetadataMembers.manifest(topDir), manifest.toJson());
        }
        try {
            byte[] eof = new byte[pendingPadding + 2 * BLOCK];
            pendingPadding = 0;
            compressed.writePiece(eof);
            compressed.finish();
            out.flush();
            if (fileOut != null) {
                fileOut.getChannel().force(true);
                out.close();
                if (Files.exists(target) && !opts.overwrite()) {
                    throw new MigrateException(ErrorKind.TARGET_EXISTS, target + " already exists (use --overwrite-file)");
                }
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            committed = true;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException first = null;
        tables.discardOpen();
        if (!committed) {
            try {
                if (fileOut == null && failure == null) {
                    compressed.markTruncated();
                }
                out.close();
            } catch (IOException e) {
                first = e;
            }
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void ensureUsable() throws IOException {
        if (closed || committed) {
            throw new IllegalStateException("archive writer already " + (committed ? "committed" : "closed"));
        }
        if (failure != null) {
            throw new IOException("archive output failed earlier: " + failure.getMessage(), failure);
        }
    }

    private static String checkName(String what, String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid " + what + " for an archive member: '" + name + "'");
        }
        return name;
    }

    /** Appends one finished table: headers and .info in a small piece, then the spooled data as is. */
    private synchronized void append(Table t, byte[] info, long dataSize, long dataCrc) throws IOException {
        ensureUsable();
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream(4 * BLOCK + info.length);
            head.write(new byte[pendingPadding]);
            pendingPadding = 0;
            String base = topDir + "/" + t.table().db() + "/" + t.table().table();
            writeHeader(head, base + ".info", info.length);
            head.write(info);
            head.write(new byte[padding(info.length)]);
            writeHeader(head, base + ".json", dataSize);
            compressed.writePiece(head.toByteArray());
            try (InputStream spooled = Files.newInputStream(t.spool)) {
                compressed.appendCompressed(spooled, dataCrc, dataSize);
            }
            pendingPadding = padding(dataSize);
        } catch (IOException e) {
            failure = e;
            throw e;
        } finally {
            tables.finished(t);
        }
    }

    /**
     * One of our metadata members (docs/archive-format.md §5), one line of JSON, as a small piece of its
     * own: the previous member's padding, its header, its content and its own padding.
     */
    private synchronized void appendMetadata(String name, String json) throws IOException {
        ensureUsable();
        byte[] content = (json + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream(3 * BLOCK + content.length);
            head.write(new byte[pendingPadding]);
            pendingPadding = 0;
            writeHeader(head, name, content.length);
            head.write(content);
            head.write(new byte[padding(content.length)]);
            compressed.writePiece(head.toByteArray());
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private static int padding(long size) {
        int rem = (int) (size % BLOCK);
        return rem == 0 ? 0 : BLOCK - rem;
    }

    /** The tar header(s) of one regular file: a PAX extended header first when the name or size needs one. */
    private static void writeHeader(ByteArrayOutputStream buf, String name, long size) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(size);
        e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE); // 0100644
        e.setModTime(new Date());
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        int before = buf.size();
        TarArchiveOutputStream tar = new TarArchiveOutputStream(buf, BLOCK, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        tar.putArchiveEntry(e);
        tar.flush();
        // the tar stream is abandoned here on purpose: its data is appended by the caller
        if ((buf.size() - before) % BLOCK != 0 || buf.size() == before) {
            throw new IllegalStateException("tar header of " + name + " is not whole blocks");
        }
    }

    /** One table being written: its data member spooled, compressed, to a temp file. */
    private final class Table extends WrittenTables.Sink {
        final TableInfo info;
        final Path spool;
        /** Our {@code .config} member, written just before the data; null for none. */
        TableSettings settings;
        private final Sha256OutputStream sha;
        private final CountingStream counter;
        private final OutputStream gzip;
        /** The data member's bytes not yet given to the compressor (drained in pieces of 32 KiB). */
        private final PythonJsonEncoder encoder = new PythonJsonEncoder();
        private long documents;
        private boolean broken;

        Table(TableId id, TableInfo info) throws IOException {
            super(id, tables);
            this.info = info;
            Files.createDirectories(opts.tempDir());
            this.spool = Files.createTempFile(opts.tempDir(), "rethink-migrate-", ".json.gz");
            OutputStream file = null;
            try {
                file = new BufferedOutputStream(Files.newOutputStream(spool), IO_BUFFER);
                this.gzip = opts.compression().compressing(file, opts.level());
                this.sha = new Sha256OutputStream(gzip);
                this.counter = new CountingStream(sha);
                encoder.appendRaw(OPEN);
            } catch (IOException | RuntimeException e) {
                if (file != null) {
                    file.close();
                }
                Files.deleteIfExists(spool);
                throw e;
            }
        }

        @Override
        public void write(RawJson document) throws IOException {
            requireOpen();
            refuseIfBroken();
            try {
                encoder.appendDocument(documents > 0 ? SEPARATOR : NOTHING, document,
                        () -> "table " + id + ": document " + (documents + 1), counter);
            } catch (IOException | RuntimeException e) {
                // a large document goes straight to the spool: a failure half way leaves part of it there
                broken = document.length() >= PythonJsonEncoder.STREAM_AT;
                throw e;
            }
            documents++;
            encoder.drainWhenFull(counter);
        }

        /** A table whose spool holds part of a failed document can only be thrown away (close()). */
        private void refuseIfBroken() {
            if (broken) {
                throw new ArchiveException("table " + id + ": a document failed half way through being written;"
                        + " the table's data cannot be completed");
            }
        }

        @Override
        public long documents() {
            return documents;
        }

        @Override
        public long bytes() {
            return counter.count + encoder.size();
        }

        @Override
        public void finish() throws IOException {
            requireOpen();
            refuseIfBroken();
            markDone();
            try {
                encoder.appendRaw(documents == 0 ? CLOSE_EMPTY : CLOSE);
                encoder.drainTo(counter);
                gzip.close();
                byte[] infoBytes = infoBytes(info);
                if (settings != null) {
                    appendMetadata(MetadataMembers.table(topDir, id), settings.toJson());
                }
                append(this, infoBytes, counter.count, counter.crc.getValue());
                synchronized (OfficialArchiveWriter.this) {
                    if (manifest != null) {
                        manifest.addTable(new Manifest.Table(id, documents, topDir + "/" + id.db() + "/" + id.table()
                                + ".json", counter.count, sha.hex()));
                    }
                }
            } finally {
                tables.finished(this);
                abandon(gzip);
                Files.deleteIfExists(spool);
            }
        }

        @Override
        protected void discard() throws IOException {
            markDone();
            abandon(gzip);
            try {
                gzip.close();
            } catch (IOException e) {
                // discarding anyway
            } finally {
                Files.deleteIfExists(spool);
            }
        }
    }

    /** Stops background compression of a spool that is finished or thrown away. */
    private static void abandon(OutputStream compressed) {
        if (compressed instanceof ParallelDeflateOutputStream parallel) {
            parallel.abandon();
        }
    }

    /** The {@code .info} member: the raw info object in Python json.dumps style, one line, newline-terminated. */
    public static byte[] infoBytes(TableInfo info) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
        try (JsonParser p = Json.factory().createParser(info.toJson());
                JsonGenerator g = JsonCopy.pythonGenerator(buf)) {
            p.nextToken();
            JsonCopy.copyValue(p, g);
        }
        buf.write('\n');
        return buf.toByteArray();
    }

    /** A gzip member with a chosen level whose deflater is always released. */
    static final class GzipMember extends GZIPOutputStream {
        GzipMember(OutputStream out, int level, int size) throws IOException {
            super(out, size);
            def.setLevel(level);
        }

        void end() {
            def.end();
        }
    }

    public static final class NonClosing extends FilterOutputStream {
        public NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** Counts what passes and takes its CRC-32: a spooled piece's size and checksum for the gzip trailer. */
    public static final class CountingStream extends FilterOutputStream {
        long count;
        final CRC32 crc = new CRC32();

        public CountingStream(OutputStream out) {
            super(out);
        }

        /** Bytes that passed so far. */
        public long count() {
            return count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            count += len;
        }
    }
}
