package io.rethinkmigrate.archive.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's settings as our {@code <top>/<db>/<table>.config} member holds them (one line of JSON):
 * {@code {"primary_key":..., "config": <raw table.config() or null>, "indexes": <raw index_status()>,
 * "write_hook": <raw or null>}}. The official format has no place for shards, replicas, write acks or
 * durability; this member keeps them beside the official {@code .info}, which stays as the official tool
 * writes it. The whole object is kept so that keys we do not interpret survive.
 */
public record TableSettings(ObjectNode raw) {
    /** The settings of a table: {@code config} null when the server could not give {@code table.config()}. */
    public static TableSettings of(String primaryKey, JsonNode config, JsonNode indexes, JsonNode writeHook) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("primary_key", primaryKey);
        o.set("config", config == null ? NullNode.getInstance() : config);
        o.set("indexes", indexes == null ? Json.mapper().createArrayNode() : indexes);
        o.set("write_hook", writeHook == null ? NullNode.getInstance() : writeHook);
        return new TableSettings(o);
    }

    public static TableSettings parse(String json) {
        return new TableSettings(Json.parseObject(json, "table settings"));
    }

    /** The raw {@code table.config()}, or null when the source server could not give it (reqlite). */
    public JsonNode config() {
        JsonNode c = raw.get("config");
        return c == null || !c.isObject() ? null : c;
    }

    /** The shards of {@code config()}, each {@code {primary_replica, replicas, nonvoting_replicas}}; empty when unknown. */
    public List<JsonNode> shards() {
        List<JsonNode> out = new ArrayList<>();
        JsonNode config = config();
        if (config != null && config.path("shards").isArray()) {
            config.get("shards").forEach(out::add);
        }
        return out;
    }

    /** Number of shards, or null when unknown. */
    public Integer shardCount() {
        List<JsonNode> shards = shards();
        return shards.isEmpty() ? null : shards.size();
    }

    /** Replicas per shard (voting and non-voting: the most any shard has), or null when unknown. */
    public Integer replicaCount() {
        int most = 0;
        for (JsonNode shard : shards()) {
            most = Math.max(most, shard.path("replicas").size() + shard.path("nonvoting_replicas").size());
        }
        return most == 0 ? null : most;
    }

    /** Every server the shards name (primary, replicas, non-voting replicas). */
    public List<String> servers() {
        List<String> out = new ArrayList<>();
        for (JsonNode shard : shards()) {
            add(out, shard.get("primary_replica"));
            shard.path("replicas").forEach(s -> add(out, s));
            shard.path("nonvoting_replicas").forEach(s -> add(out, s));
        }
        return out;
    }

    private static void add(List<String> out, JsonNode name) {
        if (name != null && name.isTextual() && !out.contains(name.asText())) {
            out.add(name.asText());
        }
    }

    /** {@code write_acks} of the config ("majority", "single" or a list per tag), or null when unknown. */
    public JsonNode writeAcks() {
        JsonNode config = config();
        return config == null ? null : config.get("write_acks");
    }

    /** {@code durability} of the config ("hard" or "soft"), or null when unknown. */
    public String durability() {
        JsonNode config = config();
        return config == null || !config.path("durability").isTextual() ? null : config.get("durability").asText();
    }

    /** One line of compact JSON. */
    public String toJson() {
        return Json.write(raw);
    }
}
