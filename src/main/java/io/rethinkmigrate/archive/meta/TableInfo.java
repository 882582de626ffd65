package io.rethinkmigrate.archive.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table's metadata as the official `.info` member holds it: the output of `table.info()` with
 * `indexes` replaced by the raw `index_status()` list and `write_hook` added. The whole object is kept
 * so that what we do not interpret survives a dump/restore untouched.
 */
public record TableInfo(ObjectNode raw) {
    private static final String DEFAULT_PRIMARY_KEY = "id";

    public static TableInfo parse(String json) {
        return new TableInfo(Json.parseObject(json, "table info"));
    }

    public String primaryKey() {
        JsonNode pk = raw.get("primary_key");
        return pk != null && pk.isTextual() ? pk.asText() : DEFAULT_PRIMARY_KEY;
    }

    /** Indexes with their blobs; entries that are only names (plain `info()` output) get no blob. */
    public List<IndexSpec> indexes() {
        JsonNode list = raw.get("indexes");
        if (list == null || !list.isArray()) {
            return Collections.emptyList();
        }
        List<IndexSpec> out = new ArrayList<>();
        for (JsonNode index : list) {
            if (index.isTextual()) {
                out.add(new IndexSpec(index.asText(), null, false, false, null));
            } else if (index.isObject() && index.path("index").isTextual()) {
                JsonNode query = index.get("query");
                out.add(new IndexSpec(index.get("index").asText(), index.get("function"),
                        index.path("multi").asBoolean(false), index.path("geo").asBoolean(false),
                        query != null && query.isTextual() ? query.asText() : null));
            }
        }
        return out;
    }

    /** The raw write hook ({"function": BINARY, "query": ...}), or null when the table has none. */
    public JsonNode writeHook() {
        JsonNode hook = raw.get("write_hook");
        return hook == null || hook.isNull() ? null : hook;
    }

    /** Sum of `doc_count_estimates`, or -1 when absent. */
    public long estimatedDocuments() {
        JsonNode estimates = raw.get("doc_count_estimates");
        if (estimates == null || !estimates.isArray()) {
            return -1;
        }
        long total = 0;
        for (JsonNode n : estimates) {
            total += n.asLong();
        }
        return total;
    }

    /** One line of compact JSON. */
    public String toJson() {
        return Json.write(raw);
    }
}
