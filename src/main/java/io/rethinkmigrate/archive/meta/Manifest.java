package io.rethinkmigrate.archive.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code <top>/manifest.config} member, the last of an archive of ours: which tool and server wrote
 * it, when, every database dumped (empty ones included) and, per table, its document count and the
 * size and SHA-256 of its uncompressed {@code .json} member (known only once the table is written,
 * hence last). See docs/archive-format.md §5.
 */
public final class Manifest {
    public static final String FORMAT = "rethink-migrate/1";

    /** One table as the manifest lists it. */
    public record Table(TableId id, long documents, String member, long bytes, String sha256) {
    }

    private final ObjectNode raw;

    public Manifest(ObjectNode raw) {
        this.raw = raw;
    }

    public static Manifest parse(String json) {
        return new Manifest(Json.parseObject(json, "the manifest"));
    }

    /** A manifest being built by a writer: the header now, the tables as they are written. */
    public static Manifest start(String toolVersion, String serverVersion, String created, List<String> databases) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("format", FORMAT);
        o.put("tool_version", toolVersion);
        o.put("server_version", serverVersion);
        o.put("created", created);
        ArrayNode dbs = o.putArray("databases");
        databases.forEach(dbs::add);
        o.putArray("tables");
        return new Manifest(o);
    }

    public synchronized void addTable(Table t) {
        ObjectNode o = ((ArrayNode) raw.get("tables")).addObject();
        o.put("db", t.id().db());
        o.put("table", t.id().table());
        o.put("documents", t.documents());
        o.put("member", t.member());
        o.put("bytes", t.bytes());
        o.put("sha256", t.sha256());
    }

    /**
     * Marks the archive as one part of a plan of parts: {@code {"plan_id", "part", "parts", "ranges"}}
     * (docs/scale-out.md). The official restore never reads the manifest.
     */
    public synchronized void setPart(ObjectNode part) {
        raw.set("part", part);
    }

    /** The part record of an archive dumped as a part of a plan, or null for a whole dump. */
    public synchronized ObjectNode part() {
        return raw.get("part") instanceof ObjectNode o ? o : null;
    }

    public ObjectNode raw() {
        return raw;
    }

    public String format() {
        return raw.path("format").asText(null);
    }

    public String toolVersion() {
        return raw.path("tool_version").asText(null);
    }

    /** The source server's version, or null when it did not say (servers before 2.3, reqlite). */
    public String serverVersion() {
        JsonNode v = raw.get("server_version");
        return v == null || v.isNull() ? null : v.asText();
    }

    public String created() {
        return raw.path("created").asText(null);
    }

    public List<String> databases() {
        List<String> out = new ArrayList<>();
        raw.path("databases").forEach(d -> out.add(d.asText()));
        return out;
    }

    /** The listed tables by id (a malformed entry is skipped: the caller then reports the table as unlisted). */
    public synchronized Map<TableId, Table> tables() {
        Map<TableId, Table> out = new LinkedHashMap<>();
        for (JsonNode t : raw.path("tables")) {
            if (t.path("db").isTextual() && t.path("table").isTextual()) {
                TableId id = new TableId(t.get("db").asText(), t.get("table").asText());
                out.put(id, new Table(id, t.path("documents").asLong(-1), t.path("member").asText(null),
                        t.path("bytes").asLong(-1), t.path("sha256").asText(null)));
            }
        }
        return out;
    }

    public synchronized String toJson() {
        return Json.write(raw);
    }
}
