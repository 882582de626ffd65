package io.rethinkmigrate.archive.tar;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.TableVisitor;
import io.rethinkmigrate.archive.compress.ArchiveCompression;
import io.rethinkmigrate.archive.json.MemberDocuments;
import io.rethinkmigrate.archive.meta.ArchiveMetadata;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the official {@code rethinkdb dump} archive (gzip'd tar, {@code <top>/<db>/<table>.{info,json}}),
 * from a file or a stream, members in any order. See docs/archive-format.md for the rules.
 *
 * <p>Hostile and broken archives (docs/archive-format.md, "What the reader refuses"): {@link MemberPolicy}
 * refuses links, devices, escaping or non-UTF-8 names and oversized declared sizes; {@link InflationGuard}
 * stops decompression bombs; {@link GuardedTarInput} bounds tar metadata read into memory; the data
 * members are checked as they are read ({@link MemberDocuments}: JSON, primary keys). Nothing is ever
 * written to disk under a member's name: the only files are the reader's own spools in the temp dir.
 */
public final class OfficialArchiveReader implements ArchiveReader {
    /** A {@code .info} member is metadata: anything bigger than this is not one. */
    public static final long MAX_INFO_SIZE = ArchiveLimits.MAX_INFO_BYTES;
    private static final int IO_BUFFER = 64 * 1024;

    private final Path file;
    private final InputStream stream;
    private final String source;
    private final ArchiveReaderOptions opts;
    /** Our metadata members (ignored by the official rules): collected and checked there. */
    private final ArchiveMetadataReader metadata;
    private List<TableEntry> catalog;
    private boolean streamUsed;

    private OfficialArchiveReader(Path file, InputStream stream, String source, ArchiveReaderOptions opts) {
        this.file = file;
        this.stream = stream;
        this.source = source;
        this.opts = Objects.requireNonNull(opts, "opts");
        this.metadata = new ArchiveMetadataReader(source);
    }

    /** An archive file: the catalog is read up front (headers and .info members only). */
    public static ArchiveReader open(Path file, ArchiveReaderOptions opts) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new MigrateException(ErrorKind.IO, file + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new MigrateException(ErrorKind.IO, file + ": not a readable file");
        }
        return new OfficialArchiveReader(file, null, file.toString(), opts);
    }

    /** An archive stream (stdin for {@code -}), read once; the caller owns the stream. */
    public static ArchiveReader open(InputStream in, String sourceName, ArchiveReaderOptions opts) {
        return new OfficialArchiveReader(null, Objects.requireNonNull(in, "in"), sourceName, opts);
    }

    @Override
    public Optional<List<TableEntry>> catalog() throws IOException {
        if (file == null) {
            return Optional.empty();
        }
        return Optional.of(scanCatalog());
    }

    @Override
    public void read(TableVisitor visitor) throws IOException {
        Objects.requireNonNull(visitor, "visitor");
        if (file != null) {
            readFile(visitor);
        } else {
            if (streamUsed) {
                throw new IllegalStateException(source + ": a stream archive can be read only once");
            }
            streamUsed = true;
            readStream(visitor);
        }
        metadata.finishRead();
    }

    @Override
    public ArchiveMetadata metadata() {
        return metadata.metadata();
    }

    @Override
    public void close() {
        // the file is opened per pass; a stream belongs to the caller
    }

    // ---------------------------------------------------------------------------------------------

    private List<TableEntry> scanCatalog() throws IOException {
        if (catalog != null) {
            return catalog;
        }
        Map<TableId, TableInfo> infos = new HashMap<>();
        Map<TableId, String> data = new LinkedHashMap<>();
        try (Pass pass = new Pass(Files.newInputStream(file))) {
            Member m;
            while ((m = pass.next()) != null) {
                if (m.info()) {
                    infos.put(m.id(), pass.readInfo(m));
                } else {
                    data.put(m.id(), m.name());
                }
            }
        }
        List<TableEntry> out = new ArrayList<>();
        for (Map.Entry<TableId, String> e : data.entrySet()) {
            TableInfo info = infos.get(e.getKey());
            if (info == null) {
                throw noInfo(e.getValue());
            }
            checkPrimaryKey(e.getKey(), info);
            out.add(metadata.entry(e.getKey(), info));
        }
        out.sort((a, b) -> a.table().compareTo(b.table()));
        catalog = List.copyOf(out);
        return catalog;
    }

    private void readFile(TableVisitor visitor) throws IOException {
        Map<TableId, TableInfo> infos = new HashMap<>();
        for (TableEntry e : scanCatalog()) {
            infos.put(e.table(), e.info());
        }
        try (Pass pass = new Pass(Files.newInputStream(file))) {
            Member m;
            while ((m = pass.next()) != null) {
                if (!m.info()) {
                    TableInfo info = infos.get(m.id());
                    if (info == null) {
                        throw noInfo(m.name()); // the file changed between the passes
                    }
                    deliver(visitor, new TableEntry(m.id(), info), m.name(), pass.tar);
                }
            }
        }
    }

    private void readStream(TableVisitor visitor) throws IOException {
        Map<TableId, TableInfo> waitingInfo = new HashMap<>();
        Map<TableId, Spool> waitingData = new LinkedHashMap<>();
        try (Pass pass = new Pass(stream)) {
            Member m;
            while ((m = pass.next()) != null) {
                if (m.info()) {
                    TableInfo info = pass.readInfo(m);
                    checkPrimaryKey(m.id(), info);
                    Spool spool = waitingData.remove(m.id());
                    if (spool == null) {
                        waitingInfo.put(m.id(), info);
                    } else {
                        try (InputStream in = new GZIPInputStream(Files.newInputStream(spool.path()), IO_BUFFER)) {
                            deliver(visitor, new TableEntry(m.id(), info), spool.member(), in);
                        } finally {
                            Files.deleteIfExists(spool.path());
                        }
                    }
                } else {
                    TableInfo info = waitingInfo.remove(m.id());
                    if (info != null) {
                        deliver(visitor, new TableEntry(m.id(), info), m.name(), pass.tar);
                    } else {
                        waitingData.put(m.id(), spool(m, pass.tar));
                    }
                }
            }
            if (!waitingData.isEmpty()) {
                throw noInfo(waitingData.values().iterator().next().member());
            }
        } finally {
            for (Spool s : waitingData.values()) {
                Files.deleteIfExists(s.path());
            }
        }
    }

    private record Spool(Path path, String member) {
    }

    private Spool spool(Member m, InputStream data) throws IOException {
        Files.createDirectories(opts.tempDir());
        Path path = Files.createTempFile(opts.tempDir(), "rethink-migrate-restore-", ".json.gz");
        try (OutputStream out = new OfficialArchiveWriter.GzipMember(Files.newOutputStream(path), 1, IO_BUFFER)) {
            byte[] buf = new byte[IO_BUFFER];
            int n;
            while (true) {
                try {
                    n = data.read(buf);
                } catch (IOException e) {
                    throw corrupt(e);
                }
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        return new Spool(path, m.name());
    }

    private void deliver(TableVisitor visitor, TableEntry entry, String member, InputStream data) throws IOException {
        ArchiveMetadataReader.Check check = metadata.check(entry, member, data);
        MemberDocuments docs = new MemberDocuments(new BufferedInputStream(new NonClosingInput(check.input()), IO_BUFFER),
                source + ": " + member, this::corrupt, entry.info().primaryKey());
        try {
            visitor.table(metadata.entry(entry.table(), entry.info()), check.documents(docs));
        } finally {
            docs.close();
        }
        try {
            check.finish();
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    private ArchiveException noInfo(String member) {
        return new ArchiveException(source + ": " + member + " has no matching .info member");
    }

    /**
     * An .info whose primary_key is there but not a non-empty string contradicts the data it describes
     * (we would otherwise fall back to `id` and create the table with the wrong key).
     */
    private void checkPrimaryKey(TableId table, TableInfo info) {
        com.fasterxml.jackson.databind.JsonNode pk = info.raw().get("primary_key");
        if (pk != null && !(pk.isTextual() && !pk.asText().isEmpty())) {
            throw new ArchiveException(ErrorKind.ARCHIVE_INCONSISTENT, source + ": " + table.db() + "/" + table.table()
                    + ".info: primary_key is " + pk + ", not a field name");
        }
    }

    /** A read failure of the archive itself, as one line naming the source. */
    ArchiveException corrupt(IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ArchiveException a) {
                return a; // one of our guards, reached through the library's own wrapping
            }
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : MemberDocuments.oneLine(e.getMessage());
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("not in the .gz format") || lower.contains("not in gzip format")) {
            return new ArchiveException(source + ": not a gzip file", e);
        }
        if (e instanceof EOFException || lower.contains("truncated") || lower.contains("unexpected end")
                || lower.contains("premature")) {
            return new ArchiveException(source + ": truncated"
                    + (e.getMessage() == null ? " (unexpected end of the compressed data)" : " (" + msg + ")"), e);
        }
        if (lower.contains("corrupted tar") || lower.contains("header") || lower.contains("checksum")) {
            return new ArchiveException(source + ": not a valid tar archive inside the gzip (" + msg + ")", e);
        }
        return new ArchiveException(source + ": corrupt archive (" + msg + ")", e);
    }

    /** A member the archive rules care about: {@code <top>/<db>/<table>.json} or {@code .info}. */
    private record Member(String name, TableId id, boolean info) {
    }

    /** One pass over the tar: validates every member and returns the .json/.info ones. */
    private final class Pass implements AutoCloseable {
        final GuardedTarInput tar;
        final TailStream tail;
        final InputStream raw;
        final Set<String> seen = new HashSet<>();
        final MemberPolicy policy;
        String top;
        String topMember;
        /** The member being read or last read, for the messages of the guards. */
        String current = "the start of the archive";

        Pass(InputStream in) throws IOException {
            this.raw = in;
            this.policy = new MemberPolicy(source, opts.limits(), file == null ? -1 : Files.size(file));
            try {
                InflationGuard.Compressed compressed = new InflationGuard.Compressed(
                        new BufferedInputStream(new NonClosingInput(in), IO_BUFFER));
                InputStream decompressed = decompress(compressed);
                InflationGuard guard = new InflationGuard(decompressed, compressed, opts.limits(), source,
                        () -> current);
                this.tail = new TailStream(guard);
                this.tar = new GuardedTarInput(new BufferedInputStream(tail, IO_BUFFER), source, () -> current);
            } catch (IOException e) {
                if (file != null) {
                    in.close();
                }
                throw corrupt(e);
            }
        }

        /** The decompressing stream over the raw bytes: gzip (the official format), zstd or a plain tar, by their first bytes. */
        private InputStream decompress(InputStream compressed) throws IOException {
            // a small buffer: the format sniff needs 512 bytes of look-ahead, and any larger read-ahead above
            // the counting stream would skew the compression ratio the inflation guard measures
            return ArchiveCompression.decompressing(new BufferedInputStream(compressed, 512));
        }

        Member next() throws IOException {
            while (true) {
                TarArchiveEntry e = nextEntry();
                if (e == null) {
                    if (!tail.endedWithZeroBlock()) {
                        throw new ArchiveException(source + ": truncated (no end-of-archive marker)");
                    }
                    return null;
                }
                current = "member " + MemberDocuments.printable(e.getName());
                if (!policy.admit(e, tar.nameIsUtf8())) {
                    continue;
                }
                String shown = MemberDocuments.printable(e.getName());
                String name = e.getName();
                while (name.startsWith("./")) {
                    name = name.substring(2);
                }
                String ext = extension(name);
                if (ext == null) {
                    continue;
                }
                if (!ext.equals("json") && !ext.equals("info") && !ext.equals("csv")) {
                    try {
                        metadata.offer(e.getName(), name, e.getSize(), tar);
                    } catch (IOException ex) {
                        throw corrupt(ex);
                    }
                    continue;
                }
                return tableMember(name, ext, shown);
            }
        }

        /** The next tar header, with the library's failures as our one-line archive errors; null at the end. */
        private TarArchiveEntry nextEntry() throws IOException {
            try {
                return tar.getNextEntry();
            } catch (IOException ex) {
                throw corrupt(ex);
            } catch (ArchiveException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                // commons-compress lets some parse errors of hostile headers escape unchecked
                throw new ArchiveException(source + ": corrupt tar header after " + current + " ("
                        + MemberDocuments.oneLine(String.valueOf(ex.getMessage())) + ")", ex);
            }
        }

        /**
         * A .json, .info or .csv member, checked against the archive rules: {@code <top>/<db>/<table>.<ext>},
         * one top directory, no CSV data (not supported yet), no member twice (two copies of a table's data).
         */
        private Member tableMember(String name, String ext, String shown) {
            String[] parts = name.split("/", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()
                    || parts[2].length() <= ext.length() + 1) {
                throw new ArchiveException(source + ": member " + shown
                        + " is not <top>/<db>/<table>." + ext + " (three levels under one top directory)");
            }
            checkTop(parts[0], shown);
            if (ext.equals("csv")) {
                throw new ArchiveException(source + ": member " + shown
                        + ": CSV table data is not supported yet (only .json data members)");
            }
            String table = parts[2].substring(0, parts[2].length() - ext.length() - 1);
            if (!seen.add(name)) {
                throw new ArchiveException(ErrorKind.ARCHIVE_INCONSISTENT, source + ": member " + shown
                        + " appears twice (table " + parts[1] + "." + table + " is in the archive twice)");
            }
            return new Member(shown, new TableId(parts[1], table), ext.equals("info"));
        }

        /** The first table member sets the top directory; every later one must be under it. */
        private void checkTop(String dir, String shown) {
            if (top == null) {
                top = dir;
                topMember = shown;
            } else if (!top.equals(dir)) {
                throw new ArchiveException(source + ": member " + shown + " is not under the top directory '"
                        + top + "' of " + topMember + " (an archive has one top directory)");
            }
        }

        TableInfo readInfo(Member m) throws IOException {
            TarArchiveEntry e = tar.getCurrentEntry();
            if (e.getSize() > MAX_INFO_SIZE) {
                throw new ArchiveException(ErrorKind.ARCHIVE_TOO_LARGE, source + ": member " + m.name()
                        + " is too big for table metadata (" + e.getSize() + " bytes, at most " + MAX_INFO_SIZE + ")");
            }
            byte[] bytes;
            try {
                bytes = tar.readAllBytes();
            } catch (IOException ex) {
                throw corrupt(ex);
            }
            try {
                return TableInfo.parse(new String(bytes, StandardCharsets.UTF_8));
            } catch (RuntimeException ex) {
                Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
                String why = cause instanceof com.fasterxml.jackson.core.JacksonException j
                        ? j.getOriginalMessage() : cause.getMessage();
                throw new ArchiveException(ErrorKind.ARCHIVE_BAD_DATA, source + ": member " + m.name()
                        + ": invalid table metadata: " + MemberDocuments.oneLine(why), ex);
            }
        }

        @Override
        public void close() throws IOException {
            if (file != null) {
                raw.close();
            }
        }
    }

    /** The extension after the last dot of the last path component, or null. */
    private static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(dot + 1) : null;
    }

    /** Remembers whether the decompressed tar stream ended with a whole zero block (the end-of-archive marker). */
    private static final class TailStream extends WatchedInputStream {
        private long zeroRun;
        private long total;

        TailStream(InputStream in) {
            super(in);
        }

        @Override
        void seen(byte[] b, int off, int n) {
            total += n;
            // only the zeros at the end of the chunk matter: scanned from the end, not byte by byte
            int last = off + n - 1;
            int i = last;
            while (i >= off && b[i] == 0) {
                i--;
            }
            zeroRun = i < off ? zeroRun + n : last - i;
        }

        boolean endedWithZeroBlock() {
            return total > 0 && zeroRun >= 512;
        }
    }

    private static final class NonClosingInput extends FilterInputStream {
        NonClosingInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
