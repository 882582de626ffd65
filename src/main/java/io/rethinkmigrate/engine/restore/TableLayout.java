package io.rethinkmigrate.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.TableSettings;
import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a restored table is laid out on the target: shard and replica counts from `--shards`/`--replicas`
 * or else from the archive's {@code table.config()}, capped to what the target can hold; and the saved
 * assignment of shards to servers when the target has all those servers and the assignment says more
 * than the counts (several servers to choose from, or non-voting replicas).
 *
 * @param shards      for table_create, or null for the server's default
 * @param replicas    for table_create, or null for the server's default
 * @param exactShards the saved {@code shards} list to set after creation, or null
 * @param warnings    what could not be kept, one line each naming the table
 */
record TableLayout(Integer shards, Integer replicas, JsonNode exactShards, List<String> warnings) {

    static TableLayout plan(TableId id, RestoreOptions options, TableSettings settings, Supplier<List<String>> servers) {
        TableSettings saved = options.config() ? settings : null;
        Integer shards = options.shards() != null ? options.shards() : saved == null ? null : saved.shardCount();
        Integer replicas = options.replicas() != null ? options.replicas() : saved == null ? null : saved.replicaCount();
        if (shards == null && replicas == null) {
            return new TableLayout(null, null, null, List.of());
        }
        List<String> warnings = new ArrayList<>();
        List<String> targets = servers.get();
        if (replicas != null && !targets.isEmpty() && replicas > targets.size()) {
            warnings.add(id + ": " + replicas + " replicas per shard " + (options.replicas() != null ? "asked (--replicas)" : "saved")
                    + ", but the target has only " + targets.size() + " server" + (targets.size() == 1 ? "" : "s")
                    + ": created with " + targets.size());
            replicas = targets.size();
        }
        JsonNode exact = null;
        boolean counted = options.shards() != null || options.replicas() != null;
        if (!counted && saved != null && !saved.shards().isEmpty()) {
            boolean nonvoting = saved.shards().stream().anyMatch(s -> s.path("nonvoting_replicas").size() > 0);
            boolean allThere = !targets.isEmpty() && targets.containsAll(saved.servers());
            if (allThere && (targets.size() > 1 || nonvoting)) {
                exact = saved.config().get("shards");
            } else if (nonvoting && !allThere) {
                warnings.add(id + ": the saved non-voting replicas (on servers " + String.join(", ", saved.servers())
                        + ") cannot be placed on the target, which lacks some of those servers: created with "
                        + shards + " shard(s) of " + replicas + " voting replica(s)");
            }
        }
        return new TableLayout(shards, replicas, exact, List.copyOf(warnings));
    }
}
