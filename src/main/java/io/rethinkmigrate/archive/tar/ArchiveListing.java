package io.rethinkmigrate.archive.tar;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.json.MemberDocuments;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * What an archive holds, read without a server (`list`, and the `.config` members `verify` compares):
 * every table with its `.info`, its `.config` (ours; absent from official archives), its data member's
 * size, the compressed bytes it took (approximate: the gzip stream is read in blocks) and, when asked,
 * its documents counted by reading them; plus `<top>/manifest.config` when the archive has one.
 * Members that are not plain files inside the archive are refused as the restore refuses them.
 */
public final class ArchiveListing {
    /** The manifest member: {@code <top>/manifest.config}. */
    public static final String MANIFEST = "manifest.config";
    private static final long MAX_METADATA = OfficialArchiveReader.MAX_INFO_SIZE;

    /** One table of the archive. {@code documents} is -1 unless counted; {@code compressedBytes} -1 when unknown. */
    public record Table(TableId table, TableInfo info, JsonNode config, String dataMember, long dataBytes,
                        long compressedBytes, long documents) {
    }

    private final String source;
    private final String top;
    private final JsonNode manifest;
    private final List<Table> tables;

    private ArchiveListing(String source, String top, JsonNode manifest, List<Table> tables) {
        this.source = source;
        this.top = top;
        this.manifest = manifest;
        this.tables = tables;
    }

    /**
     * Reads an archive file. Documents are counted only for the tables the manifest does not count
     * (a second pass over the file when there are some and {@code count} is true).
     */
    public static ArchiveListing read(Path file, boolean count) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ArchiveException(ErrorKind.IO, file + ": no such file");
        }
        ArchiveListing first;
        try (InputStream in = Files.newInputStream(file)) {
            first = scan(in, file.toString(), id -> false);
        }
        if (!count) {
            return first;
        }
        Set<TableId> uncounted = new java.util.HashSet<>();
        for (Table t : first.tables) {
            if (first.manifestDocuments(t.table()) < 0) {
                uncounted.add(t.table());
            }
        }
        if (uncounted.isEmpty()) {
            return first;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return scan(in, file.toString(), uncounted::contains);
        }
    }

    /** Reads an archive stream once, counting every table's documents (the manifest may come last). */
    public static ArchiveListing read(InputStream in, String source) throws IOException {
        return scan(in, source, id -> true);
    }

    public String source() {
        return source;
    }

    /** The archive's top directory, or null when it has no table member. */
    public String top() {
        return top;
    }

    /** {@code <top>/manifest.config} parsed, or null when the archive has none (official archives). */
    public JsonNode manifest() {
        return manifest;
    }

    /** Tables sorted by database and table. */
    public List<Table> tables() {
        return tables;
    }

    /** The manifest's document count of a table, or -1 when it has none. */
    public long manifestDocuments(TableId table) {
        JsonNode entry = manifestEntry(table);
        return entry != null && entry.path("documents").canConvertToLong() && entry.path("documents").isIntegralNumber()
                ? entry.get("documents").asLong() : -1;
    }

    /** The manifest's entry for a table ({@code {"db","table","documents","member","bytes","sha256"}}), or null. */
    public JsonNode manifestEntry(TableId table) {
        if (manifest == null || !manifest.path("tables").isArray()) {
            return null;
        }
        for (JsonNode e : manifest.get("tables")) {
            if (table.db().equals(e.path("db").asText(null)) && table.table().equals(e.path("table").asText(null))) {
                return e;
            }
        }
        return null;
    }

    /** The settings part ({@code "config"}: the server's {@code table.config()}) of a table's `.config`, or null. */
    public static JsonNode settings(Table table) {
        if (table.config() == null) {
            return null;
        }
        JsonNode c = table.config().get("config");
        return c != null && c.isObject() ? c : null;
    }

    // ---------------------------------------------------------------------------------------------

    private static final class Builder {
        TableInfo info;
        JsonNode config;
        String dataMember;
        long dataBytes = -1;
        long compressed;
        boolean compressedKnown;
        long documents = -1;
    }

    private static ArchiveListing scan(InputStream raw, String source, Predicate<TableId> count) throws IOException {
        GzipCompressorInputStream gz;
        try {
            gz = GzipCompressorInputStream.builder()
                    .setInputStream(new BufferedInputStream(new Unclosable(raw), 1 << 16))
                    .setDecompressConcatenated(true).get();
        } catch (IOException e) {
            throw failure(source, e);
        }
        Scan scan = new Scan(new TarArchiveInputStream(gz, StandardCharsets.UTF_8.name()), gz, source, count);
        TarArchiveEntry e;
        while ((e = scan.nextEntry()) != null) {
            scan.member(e);
        }
        return new ArchiveListing(source, scan.top, scan.manifest, scan.tables());
    }

    /** One pass over the members: each table's parts, the manifest, and the compressed bytes each table takes. */
    private static final class Scan {
        final Map<TableId, Builder> tables = new TreeMap<>();
        final TarArchiveInputStream tar;
        final GzipCompressorInputStream gz;
        final String source;
        final Predicate<TableId> count;
        JsonNode manifest;
        String top;
        /** The compressed bytes consumed when the last member read ended: where the next table member's share starts. */
        long before;

        Scan(TarArchiveInputStream tar, GzipCompressorInputStream gz, String source, Predicate<TableId> count) {
            this.tar = tar;
            this.gz = gz;
            this.source = source;
            this.count = count;
            this.before = gz.getCompressedCount();
        }

        TarArchiveEntry nextEntry() throws IOException {
            try {
                return tar.getNextEntry();
            } catch (IOException ex) {
                throw failure(source, ex);
            }
        }

        /** Reads one member: the manifest, or a table's .info, .config or .json; other members are skipped. */
        void member(TarArchiveEntry e) throws IOException {
            if (!e.isFile() || e.isSymbolicLink() || e.isLink()) {
                return; // not read: its header's bytes count towards the next table member
            }
            String[] parts = safePath(e);
            String file = parts[parts.length - 1];
            int dot = file.lastIndexOf('.');
            String ext = dot > 0 ? file.substring(dot + 1) : "";
            if (parts.length == 2 && file.equals(MANIFEST)) {
                manifest = metadata(tar, e, source);
            } else if (parts.length == 3 && (ext.equals("info") || ext.equals("json") || ext.equals("config"))) {
                tableMember(e, parts, ext, dot > 0 ? file.substring(0, dot) : file);
                return;
            }
            before = drain(tar, gz, source);
        }

        /**
         * The member's path components, "./" prefixes dropped; an absolute path or a ".." component is refused
         * (an archive that would write outside its directory when unpacked is not one we list).
         */
        private String[] safePath(TarArchiveEntry e) {
            String name = e.getName();
            while (name.startsWith("./")) {
                name = name.substring(2);
            }
            if (name.startsWith("/") || e.getName().startsWith("/") || List.of(name.split("/", -1)).contains("..")) {
                throw new ArchiveException(ErrorKind.ARCHIVE_UNSAFE, source + ": member " + e.getName()
                        + " is not a plain file inside the archive");
            }
            return name.split("/", -1);
        }

        /** {@code <top>/<db>/<table>.<ext>}: into its table's builder, with the compressed bytes it took. */
        private void tableMember(TarArchiveEntry e, String[] parts, String ext, String base) throws IOException {
            if (top == null) {
                top = parts[0];
            }
            TableId id = new TableId(parts[1], base);
            Builder b = tables.computeIfAbsent(id, k -> new Builder());
            switch (ext) {
                case "info" -> b.info = parseInfo(tar, e, source);
                case "config" -> b.config = metadata(tar, e, source);
                default -> {
                    b.dataMember = e.getName();
                    b.dataBytes = e.getSize();
                    if (count.test(id)) {
                        b.documents = countDocuments(tar, source + ": " + e.getName(), source);
                    }
                }
            }
            long after = drain(tar, gz, source);
            b.compressed += after - before;
            b.compressedKnown = true;
            before = after;
        }

        /** The tables that have a data member, sorted by database and table. */
        List<Table> tables() {
            List<Table> out = new ArrayList<>();
            for (Map.Entry<TableId, Builder> t : tables.entrySet()) {
                Builder b = t.getValue();
                if (b.dataMember == null) {
                    continue; // an .info without data: the restore ignores it too
                }
                out.add(new Table(t.getKey(), b.info, b.config, b.dataMember, b.dataBytes,
                        b.compressedKnown ? b.compressed : -1, b.documents));
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** Skips the rest of the current member; returns the compressed bytes consumed so far. */
    private static long drain(TarArchiveInputStream tar, GzipCompressorInputStream gz, String source) throws IOException {
        try {
            tar.skip(Long.MAX_VALUE);
            while (tar.read() >= 0) {
                tar.skip(Long.MAX_VALUE);
            }
        } catch (IOException e) {
            throw failure(source, e);
        }
        return gz.getCompressedCount();
    }

    private static long countDocuments(InputStream member, String label, String source) throws IOException {
        MemberDocuments docs = new MemberDocuments(new BufferedInputStream(new Unclosable(member), 1 << 16), label,
                e -> failure(source, e));
        try {
            while (docs.next() != null) {
                // counting only
            }
            return docs.count();
        } finally {
            docs.close();
        }
    }

    private static TableInfo parseInfo(TarArchiveInputStream tar, TarArchiveEntry e, String source) throws IOException {
        JsonNode node = metadata(tar, e, source);
        if (!node.isObject()) {
            throw new ArchiveException(source + ": member " + e.getName() + ": table metadata is not a JSON object");
        }
        return new TableInfo((com.fasterxml.jackson.databind.node.ObjectNode) node);
    }

    private static JsonNode metadata(TarArchiveInputStream tar, TarArchiveEntry e, String source) throws IOException {
        if (e.getSize() > MAX_METADATA) {
            throw new ArchiveException(ErrorKind.ARCHIVE_TOO_LARGE, source + ": member " + e.getName()
                    + " is too big for metadata (" + e.getSize() + " bytes)");
        }
        byte[] bytes;
        try {
            bytes = tar.readAllBytes();
        } catch (IOException ex) {
            throw failure(source, ex);
        }
        try {
            return Json.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException ex) {
            throw new ArchiveException(ErrorKind.ARCHIVE_BAD_DATA, source + ": member " + e.getName() + ": invalid JSON");
        }
    }

    private static ArchiveException failure(String source, IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : MemberDocuments.oneLine(e.getMessage());
        return new ArchiveException(source + ": cannot read the archive (" + msg + ")", e);
    }

    /** Keeps the caller's stream open when the readers above are closed. */
    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // owned by the caller
        }
    }
}
