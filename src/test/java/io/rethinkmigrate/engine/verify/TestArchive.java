package io.rethinkmigrate.engine.verify;

import io.rethinkmigrate.archive.ArchiveTestSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small archives for tests, member by member, in the official layout, plus any extra member
 * (our `.config` and `manifest.config`, written here from their spec since their writer is not ours).
 */
public final class TestArchive {
    public static final String TOP = "rethinkdb_dump_2026-01-01T00:00:00";

    private final List<String[]> members = new ArrayList<>();

    /** A table: its `.info` then its `.json` (one document a line, the official array form). */
    public TestArchive table(String db, String table, String info, List<String> documents) {
        member(db + "/" + table + ".info", info + "\n");
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < documents.size(); i++) {
            json.append(documents.get(i)).append(i + 1 < documents.size() ? ",\n" : "\n");
        }
        json.append("]\n");
        return member(db + "/" + table + ".json", json.toString());
    }

    /** Any member under the top directory, e.g. {@code shop/orders.config} or {@code manifest.config}. */
    public TestArchive member(String path, String content) {
        members.add(new String[] {TOP + "/" + path, content});
        return this;
    }

    public Path write(Path file) throws IOException {
        return ArchiveTestSupport.tarGz(file, members.toArray(String[][]::new), true);
    }

    /** A `.info` with the primary key, indexes (JSON array text of index_status entries) and hook (JSON or null). */
    public static String info(String primaryKey, String indexes, String writeHook) {
        return "{\"db\": {\"name\": \"x\", \"type\": \"DB\"}, \"doc_count_estimates\": [0], \"indexes\": " + indexes
                + ", \"name\": \"t\", \"primary_key\": \"" + primaryKey + "\", \"type\": \"TABLE\", \"write_hook\": "
                + (writeHook == null ? "null" : writeHook) + "}";
    }

    /** An index_status entry with a BINARY blob (base64 text as given, MIME line breaks allowed) and a query. */
    public static String index(String name, String blobBase64, String query, boolean multi, boolean geo) {
        return "{\"function\": {\"$reql_type$\": \"BINARY\", \"data\": \"" + blobBase64 + "\"}, \"geo\": " + geo
                + ", \"index\": \"" + name + "\", \"multi\": " + multi + ", \"outdated\": false, \"query\": "
                + (query == null ? "null" : "\"" + query + "\"") + ", \"ready\": true}";
    }

    /** A write hook as `get_write_hook()` gives it. */
    public static String hook(String blobBase64, String query) {
        return "{\"function\": {\"$reql_type$\": \"BINARY\", \"data\": \"" + blobBase64 + "\"}, \"query\": "
                + (query == null ? "null" : "\"" + query + "\"") + "}";
    }

    /** Our `<db>/<table>.config` member: {"primary_key","config":<table.config()>,"indexes","write_hook"}. */
    public static String config(String primaryKey, int shards, int replicas, String writeAcks, String durability) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shards; i++) {
            s.append(i > 0 ? ", " : "").append("{\"primary_replica\": \"srv0\", \"replicas\": [");
            for (int r = 0; r < replicas; r++) {
                s.append(r > 0 ? ", " : "").append("\"srv").append(r).append("\"");
            }
            s.append("]}");
        }
        s.append("]");
        return "{\"primary_key\": \"" + primaryKey + "\", \"config\": {\"db\": \"x\", \"durability\": \"" + durability
                + "\", \"id\": \"00000000-0000-0000-0000-000000000000\", \"indexes\": [], \"name\": \"t\", \"primary_key\": \""
                + primaryKey + "\", \"shards\": " + s + ", \"write_acks\": \"" + writeAcks + "\", \"write_hook\": null}, "
                + "\"indexes\": [], \"write_hook\": null}";
    }
}
