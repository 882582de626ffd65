package io.rethinkmigrate.engine.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.IndexSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares what surrounds the documents: primary key, secondary indexes (names, multi, geo, function),
 * write hook, and the settings both sides know (shards, replicas, write_acks, durability).
 *
 * <p>A function (index or hook) is the same when its blobs hold the same bytes, or else when its query
 * texts are equal; it differs when the two sides give comparable forms (both blobs or both texts) and
 * none of them is equal; when they give nothing comparable (reqlite gives neither), only the name counts.
 */
final class MetadataComparison {
    private MetadataComparison() {
    }

    static List<String> compare(SideTable source, SideTable target) {
        List<String> out = new ArrayList<>();
        String pkSource = source.info().primaryKey();
        String pkTarget = target.info().primaryKey();
        if (!pkSource.equals(pkTarget)) {
            out.add("primary key `" + pkSource + "` on source, `" + pkTarget + "` on target");
        }
        indexes(source.info().indexes(), target.info().indexes(), out);
        hook(source.info().writeHook(), target.info().writeHook(), out);
        settings(source.settings(), target.settings(), out);
        return out;
    }

    private static void indexes(List<IndexSpec> source, List<IndexSpec> target, List<String> out) {
        Map<String, IndexSpec> s = byName(source);
        Map<String, IndexSpec> t = byName(target);
        for (IndexSpec a : s.values()) {
            IndexSpec b = t.get(a.name());
            if (b == null) {
                out.add("index `" + a.name() + "` missing on target");
                continue;
            }
            if (a.multi() != b.multi()) {
                out.add("index `" + a.name() + "`: " + (a.multi() ? "multi" : "not multi") + " on source, "
                        + (b.multi() ? "multi" : "not multi") + " on target");
            }
            if (a.geo() != b.geo()) {
                out.add("index `" + a.name() + "`: " + (a.geo() ? "geo" : "not geo") + " on source, "
                        + (b.geo() ? "geo" : "not geo") + " on target");
            }
            if (!sameFunction(a.function(), a.query(), b.function(), b.query())) {
                out.add("index `" + a.name() + "`: function differs (source " + describe(a.function(), a.query())
                        + ", target " + describe(b.function(), b.query()) + ")");
            }
        }
        for (String name : t.keySet()) {
            if (!s.containsKey(name)) {
                out.add("index `" + name + "` only on target");
            }
        }
    }

    private static Map<String, IndexSpec> byName(List<IndexSpec> list) {
        Map<String, IndexSpec> out = new TreeMap<>();
        list.forEach(i -> out.put(i.name(), i));
        return out;
    }

    private static void hook(JsonNode source, JsonNode target, List<String> out) {
        if (source == null && target == null) {
            return;
        }
        if (target == null) {
            out.add("write hook missing on target");
        } else if (source == null) {
            out.add("write hook only on target");
        } else {
            String qs = text(source.get("query"));
            String qt = text(target.get("query"));
            if (!sameFunction(source.get("function"), qs, target.get("function"), qt)) {
                out.add("write hook differs (source " + describe(source.get("function"), qs) + ", target "
                        + describe(target.get("function"), qt) + ")");
            }
        }
    }

    /** See the class comment. */
    static boolean sameFunction(JsonNode blobA, String queryA, JsonNode blobB, String queryB) {
        String a = blob(blobA);
        String b = blob(blobB);
        boolean blobs = a != null && b != null;
        boolean queries = queryA != null && queryB != null;
        if (blobs && a.equals(b)) {
            return true;
        }
        if (queries && queryA.equals(queryB)) {
            return true;
        }
        return !blobs && !queries;
    }

    /** A BINARY blob's bytes as canonical base64, or null when there is none. */
    private static String blob(JsonNode function) {
        if (function == null || !function.isObject() || !"BINARY".equals(function.path("$reql_type$").asText(null))
                || !function.path("data").isTextual()) {
            return null;
        }
        return CanonicalJson.base64(function.get("data").asText());
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static String describe(JsonNode blob, String query) {
        if (query != null) {
            return query.length() > 120 ? query.substring(0, 117).replace('\n', ' ') + "..." : query.replace('\n', ' ');
        }
        String b = blob(blob);
        return b == null ? "unknown" : "blob of " + java.util.Base64.getDecoder().decode(b).length + " bytes";
    }

    private static void settings(JsonNode source, JsonNode target, List<String> out) {
        if (source == null || target == null) {
            return; // official archives and reqlite do not say: nothing to compare
        }
        int shardsS = shards(source);
        int shardsT = shards(target);
        if (shardsS >= 0 && shardsT >= 0 && shardsS != shardsT) {
            out.add("shards: " + shardsS + " on source, " + shardsT + " on target");
        }
        int replicasS = replicas(source);
        int replicasT = replicas(target);
        if (replicasS >= 0 && replicasT >= 0 && replicasS != replicasT) {
            out.add("replicas: " + replicasS + " on source, " + replicasT + " on target");
        }
        for (String key : List.of("write_acks", "durability")) {
            JsonNode a = source.get(key);
            JsonNode b = target.get(key);
            if (a != null && b != null && !Objects.equals(a, b)) {
                out.add(key + ": " + a + " on source, " + b + " on target");
            }
        }
    }

    private static int shards(JsonNode config) {
        JsonNode shards = config.get("shards");
        return shards != null && shards.isArray() ? shards.size() : -1;
    }

    /** Replicas per shard: the largest replica list (server names differ between clusters, counts do not). */
    private static int replicas(JsonNode config) {
        JsonNode shards = config.get("shards");
        if (shards == null || !shards.isArray()) {
            return -1;
        }
        int max = -1;
        for (JsonNode shard : shards) {
            JsonNode r = shard.get("replicas");
            if (r != null && r.isArray()) {
                max = Math.max(max, r.size());
            }
        }
        return max;
    }
}
