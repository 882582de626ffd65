package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;

/**
 * The records of a log segment, one JSON object a line, each with its received time {@code t} (epoch ms)
 * and kind {@code k}: {@code change} (the feed element as the server sent it: {@code old_val}, {@code new_val}),
 * {@code run_started}, {@code base_started}, {@code base_completed}, {@code base_failed}, {@code gap},
 * {@code table_created}, {@code table_dropped}, {@code meta} (indexes and write hook). docs/backup-format.md
 * describes each.
 */
final class LogRecords {
    static final String CHANGE = "change";
    static final String RUN_STARTED = "run_started";
    static final String BASE_STARTED = "base_started";
    static final String BASE_COMPLETED = "base_completed";
    static final String BASE_FAILED = "base_failed";
    static final String GAP = "gap";
    static final String TABLE_CREATED = "table_created";
    static final String TABLE_DROPPED = "table_dropped";
    static final String META = "meta";

    private LogRecords() {
    }

    /** A control record of one table, without its time (the log sets it). */
    static ObjectNode control(String kind, TableId table) {
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("k", kind);
        if (table != null) {
            record.put("db", table.db()).put("table", table.table());
        }
        return record;
    }

    /** The start of a change record up to its element: {@code {"t":T,"k":"change","db":..,"table":..,"change":}}. */
    static byte[] changePrefix(long t, byte[] tablePart) {
        byte[] head = ("{\"t\":" + t + ",\"k\":\"change\",").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + tablePart.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tablePart, 0, out, head.length, tablePart.length);
        return out;
    }

    /** {@code "db":"..","table":"..","change":} of a table, computed once per table. */
    static byte[] tablePart(TableId table) {
        ObjectNode names = Json.mapper().createObjectNode().put("db", table.db()).put("table", table.table());
        String json = Json.write(names);
        return (json.substring(1, json.length() - 1) + ",\"change\":").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String kind(JsonNode record) {
        return record.path("k").asText();
    }

    static long time(JsonNode record) {
        return record.path("t").asLong();
    }

    /** The table a record is about, or null (run_started). */
    static TableId table(JsonNode record) {
        JsonNode db = record.get("db");
        JsonNode table = record.get("table");
        return db == null || table == null ? null : new TableId(db.asText(), table.asText());
    }
}
