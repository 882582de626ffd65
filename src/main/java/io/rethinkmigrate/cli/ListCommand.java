package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.OutputOptions;
import io.rethinkmigrate.cli.options.Sizes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.archive.tar.ArchiveListing;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import java.io.BufferedInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `list FILE`: what an archive holds, without a server (as `pg_restore -l`): who wrote it, databases,
 * tables with document counts (the manifest's, else counted by reading), primary key, indexes, write
 * hook, settings and sizes. A table to stdout, or JSON with `--format json`.
 */
@Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
        description = "List the contents of an archive (ours or the official tool's) without connecting to a server.")
final class ListCommand implements Callable<Integer> {
    static final String UNKNOWN_WRITER = "the official tool or unknown (no manifest)";

    @Parameters(index = "0", paramLabel = "FILE", description = "the archive; - reads it from stdin; or a backup directory (its restorable window per table)")
    String file;

    @Option(names = "--format", paramLabel = "text|json", description = "output format (default: text)")
    String format = "text";

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            throw new MigrateException(ErrorKind.USAGE, "--format " + format + ": expected text or json");
        }
        if (BackupDirectory.is(file)) {
            return BackupDirectory.list(file, format.equals("json"), System.out);
        }
        ArchiveListing listing;
        if ("-".equals(file)) {
            listing = ArchiveListing.read(new BufferedInputStream(System.in, 1 << 16), "stdin");
        } else {
            Path path = Path.of(file).toAbsolutePath();
            if (!Files.isRegularFile(path)) {
                throw new MigrateException(ErrorKind.USAGE, "FILE " + file + ": no such file");
            }
            listing = ArchiveListing.read(path, true);
        }
        PrintStream out = System.out;
        if (format.equals("json")) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(listing)));
        } else {
            printText(listing, out);
        }
        out.flush();
        return ExitCode.OK.code();
    }

    static ObjectNode toJson(ArchiveListing listing) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("archive", listing.source());
        root.put("top", listing.top());
        JsonNode m = listing.manifest();
        root.put("written_by", m == null ? "official or unknown" : "rethink-migrate");
        root.set("format", m == null ? null : m.get("format"));
        root.set("tool_version", m == null ? null : m.get("tool_version"));
        root.set("server_version", m == null ? null : m.get("server_version"));
        root.set("created", m == null ? null : m.get("created"));
        ArrayNode dbs = root.putArray("databases");
        databases(listing).forEach(dbs::add);
        ArrayNode tables = root.putArray("tables");
        for (ArchiveListing.Table t : listing.tables()) {
            putTable(tables.addObject(), listing, t);
        }
        return root;
    }

    private static void putTable(ObjectNode o, ArchiveListing listing, ArchiveListing.Table t) {
        o.put("db", t.table().db());
        o.put("table", t.table().table());
        long fromManifest = listing.manifestDocuments(t.table());
        o.put("documents", fromManifest >= 0 ? fromManifest : t.documents());
        o.put("documents_from", fromManifest >= 0 ? "manifest" : "counted");
        o.put("primary_key", t.info() == null ? null : t.info().primaryKey());
        ArrayNode indexes = o.putArray("indexes");
        for (IndexSpec i : indexes(t)) {
            ObjectNode io = indexes.addObject();
            io.put("name", i.name());
            io.put("multi", i.multi());
            io.put("geo", i.geo());
            io.put("query", i.query());
        }
        JsonNode hook = t.info() == null ? null : t.info().writeHook();
        o.put("write_hook", hook != null);
        o.set("write_hook_query", hook == null ? null : hook.get("query"));
        o.set("settings", settings(t));
        o.put("member", t.dataMember());
        o.put("bytes", t.dataBytes());
        if (t.compressedBytes() >= 0) {
            o.put("compressed_bytes_approx", t.compressedBytes());
        } else {
            o.putNull("compressed_bytes_approx");
        }
    }

    /** None when the archive has no `.info` for the table. */
    private static List<IndexSpec> indexes(ArchiveListing.Table t) {
        return t.info() == null ? List.of() : t.info().indexes();
    }

    /** shards, replicas, write_acks, durability from the table's `.config`, or null when the archive has none. */
    private static ObjectNode settings(ArchiveListing.Table t) {
        JsonNode c = ArchiveListing.settings(t);
        if (c == null) {
            return null;
        }
        ObjectNode s = Json.mapper().createObjectNode();
        JsonNode shards = c.get("shards");
        if (shards != null && shards.isArray()) {
            s.put("shards", shards.size());
            int replicas = 0;
            for (JsonNode shard : shards) {
                replicas = Math.max(replicas, shard.path("replicas").size());
            }
            s.put("replicas", replicas);
        }
        if (c.has("write_acks")) {
            s.set("write_acks", c.get("write_acks"));
        }
        if (c.has("durability")) {
            s.set("durability", c.get("durability"));
        }
        return s;
    }

    /** The manifest's databases (empty ones included), else those of the tables. */
    private static Set<String> databases(ArchiveListing listing) {
        Set<String> out = new TreeSet<>();
        JsonNode m = listing.manifest();
        if (m != null && m.path("databases").isArray()) {
            m.get("databases").forEach(d -> out.add(d.asText()));
        }
        listing.tables().forEach(t -> out.add(t.table().db()));
        return out;
    }

    static void printText(ArchiveListing listing, PrintStream out) {
        JsonNode m = listing.manifest();
        out.println("Archive: " + listing.source());
        if (m == null) {
            out.println("Written by: " + UNKNOWN_WRITER);
        } else {
            out.println("Written by: rethink-migrate " + text(m.get("tool_version")) + " (format " + text(m.get("format"))
                    + "), server " + text(m.get("server_version")) + ", created " + text(m.get("created")));
        }
        List<String> described = new ArrayList<>();
        for (String db : databases(listing)) {
            boolean hasTables = listing.tables().stream().anyMatch(t -> t.table().db().equals(db));
            described.add(hasTables ? db : db + " (no tables)");
        }
        out.println("Databases: " + (described.isEmpty() ? "none" : String.join(", ", described)));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TABLE", "DOCUMENTS", "PRIMARY KEY", "SIZE", "COMPRESSED", "HOOK", "SETTINGS", "INDEXES"});
        for (ArchiveListing.Table t : listing.tables()) {
            rows.add(textRow(listing, t));
        }
        printColumns(rows, out);
        out.println(listing.tables().size() + " tables; COMPRESSED is approximate (the gzip stream is read in blocks)");
    }

    private static String[] textRow(ArchiveListing listing, ArchiveListing.Table t) {
        long fromManifest = listing.manifestDocuments(t.table());
        String docs = fromManifest >= 0 ? fromManifest + " (manifest)" : t.documents() + " (counted)";
        List<String> indexes = new ArrayList<>();
        for (IndexSpec i : indexes(t)) {
            indexes.add(i.name() + (i.multi() ? " (multi)" : "") + (i.geo() ? " (geo)" : ""));
        }
        ObjectNode s = settings(t);
        String settings = s == null ? "-" : s.toString().replaceAll("[{}\"]", "").replace(",", " ").replace(":", "=");
        return new String[] {t.table().toString(), docs, t.info() == null ? "?" : t.info().primaryKey(),
                Sizes.human(t.dataBytes()), t.compressedBytes() < 0 ? "?" : "~" + Sizes.human(t.compressedBytes()),
                t.info() != null && t.info().writeHook() != null ? "yes" : "no", settings,
                indexes.isEmpty() ? "-" : String.join(", ", indexes)};
    }

    /** Each column as wide as its widest cell; the last one unpadded. */
    private static void printColumns(List<String[]> rows, PrintStream out) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "unknown" : n.asText();
    }
}
