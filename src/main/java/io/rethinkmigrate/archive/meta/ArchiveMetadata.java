package io.rethinkmigrate.archive.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an archive says beyond its tables' data and {@code .info}: database configs (empty databases
 * included), users, permissions, cluster settings, the manifest, per-table settings. Everything is
 * optional: an archive of the official tool has none of it, and a dump from a server that could not give
 * a part (reqlite) lacks that part. Filled while the archive is read: complete after {@code catalog()}
 * of a file; for a stream, the cluster and database members come first (before any table), the
 * manifest last.
 */
public final class ArchiveMetadata {
    private final Map<String, JsonNode> databases = new TreeMap<>();
    private final Map<TableId, TableSettings> tables = new LinkedHashMap<>();
    private ObjectNode cluster;
    private Manifest manifest;
    private final java.util.Set<String> ignored = new java.util.LinkedHashSet<>();

    /** Nothing known (an archive format without metadata). */
    public static ArchiveMetadata none() {
        return new ArchiveMetadata();
    }

    /** What a live source gives (copy): database configs by name, the cluster object; no manifest. */
    public static ArchiveMetadata of(Map<String, JsonNode> databaseConfigs, ObjectNode cluster) {
        ArchiveMetadata m = new ArchiveMetadata();
        m.databases.putAll(databaseConfigs);
        m.cluster = cluster;
        return m;
    }

    public synchronized void addIgnored(String why) {
        ignored.add(why);
    }

    /** Members with our names that are not valid metadata (ignored, as the official rules ignore them). */
    public synchronized List<String> ignored() {
        return new ArrayList<>(ignored);
    }

    public synchronized void putDatabase(String db, JsonNode config) {
        databases.put(db, config);
    }

    public synchronized void putTable(TableId id, TableSettings settings) {
        tables.put(id, settings);
    }

    public synchronized void setCluster(ObjectNode c) {
        cluster = c;
    }

    public synchronized void setManifest(Manifest m) {
        manifest = m;
    }

    /**
     * Every database the archive names: those of {@code .dbconfig} members and the manifest's list (which
     * include databases without tables), sorted. Databases of tables are not added here.
     */
    public synchronized List<String> databases() {
        TreeSet<String> names = new TreeSet<>(databases.keySet());
        if (manifest != null) {
            names.addAll(manifest.databases());
        }
        return new ArrayList<>(names);
    }

    /** The raw {@code db.config()} of a database, or null. */
    public synchronized JsonNode databaseConfig(String db) {
        return databases.get(db);
    }

    public synchronized TableSettings tableSettings(TableId id) {
        return tables.get(id);
    }

    /** The raw {@code cluster.config} object, or null when the archive has none. */
    public synchronized ObjectNode cluster() {
        return cluster;
    }

    /** Rows of {@code rethinkdb.users} as dumped (password only as true/false); empty when absent. */
    public synchronized List<JsonNode> users() {
        return rows("users");
    }

    /** Rows of {@code rethinkdb.permissions} as dumped; empty when absent. */
    public synchronized List<JsonNode> permissions() {
        return rows("permissions");
    }

    /** Rows of {@code rethinkdb.cluster_config} as dumped; empty when absent. */
    public synchronized List<JsonNode> clusterConfig() {
        return rows("cluster_config");
    }

    /** True when the source could give users and permissions (a {@code null} part means it could not). */
    public synchronized boolean hasUsers() {
        return cluster != null && cluster.path("users").isArray();
    }

    private List<JsonNode> rows(String key) {
        if (cluster == null || !cluster.path(key).isArray()) {
            return Collections.emptyList();
        }
        List<JsonNode> out = new ArrayList<>();
        cluster.get(key).forEach(out::add);
        return out;
    }

    /** The manifest, or null (an official archive; or a stream not yet read to its end). */
    public synchronized Manifest manifest() {
        return manifest;
    }
}
