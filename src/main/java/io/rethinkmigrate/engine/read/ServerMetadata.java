package io.rethinkmigrate.engine.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, for a dump, what the official format has no place for: {@code table.config()} (shards with
 * their primary and non-voting replicas, write acks, durability), {@code db.config()} of every dumped
 * database, and the users, permissions and cluster settings of the system database. A server that
 * cannot give a part (reqlite has no config(), users or permissions; a user without the config
 * permission) makes that part absent with one warning per kind, never a failure: the data still goes
 * into the archive.
 */
public final class ServerMetadata {
    static final String PASSWORD_NOTE = "password hashes cannot be read from a server: rethinkdb.users says only "
            + "whether a user has a password (true/false); restore with --user-passwords FILE (user:password lines) "
            + "to set them, otherwise users that had one get a random password";

    private final Connection connection;
    private final List<String> warnings = new ArrayList<>();
    private TableId tableConfigFailedTable;
    private String tableConfigFailure;
    private int tableConfigFailures;
    private String dbConfigFailure;

    public ServerMetadata(Connection connection) {
        this.connection = connection;
    }

    /** The raw {@code table.config()}, or null when the server cannot give it. Safe from several threads. */
    public JsonNode tableConfig(TableId table) {
        try {
            return connection.run(Term.db(table.db()).table(table.table()).config());
        } catch (ReqlServerException e) {
            tableConfigFailed(table, e.serverMessage());
            return null;
        }
    }

    /** The warning names the first such table in name order, whatever order the tables were read in. */
    private synchronized void tableConfigFailed(TableId table, String message) {
        tableConfigFailures++;
        if (tableConfigFailedTable == null || table.compareTo(tableConfigFailedTable) < 0) {
            tableConfigFailedTable = table;
            tableConfigFailure = table + ": " + message;
        }
    }

    /** The raw {@code db.config()}, or {@code {"name": db}} when the server cannot give it. */
    public JsonNode databaseConfig(String db) {
        try {
            return connection.run(Term.db(db).config());
        } catch (ReqlServerException e) {
            if (dbConfigFailure == null) {
                dbConfigFailure = db + ": " + e.serverMessage();
            }
            ObjectNode named = Json.mapper().createObjectNode();
            named.put("name", db);
            return named;
        }
    }

    /** Every database of the server but the system one, in the server's order. */
    public List<String> databases() {
        List<String> out = new ArrayList<>();
        for (JsonNode db : connection.run(Term.dbList())) {
            if (!Selection.SYSTEM_DB.equals(db.asText())) {
                out.add(db.asText());
            }
        }
        return out;
    }

    /**
     * {@code {"users": [...], "permissions": [...], "cluster_config": [...], "note": ...}}: the rows of the
     * system tables as the server gives them; a part the server cannot give is null.
     */
    public ObjectNode cluster() {
        ObjectNode out = Json.mapper().createObjectNode();
        out.set("users", systemTable("users", "users and their permissions are not saved"));
        out.set("permissions", out.get("users").isNull() ? NullNode.getInstance()
                : systemTable("permissions", "permissions are not saved"));
        out.set("cluster_config", systemTable("cluster_config", "the cluster settings (heartbeat) are not saved"));
        out.put("note", PASSWORD_NOTE);
        return out;
    }

    private JsonNode systemTable(String name, String consequence) {
        try {
            JsonNode rows = connection.run(Term.db(Selection.SYSTEM_DB).table(name), GlobalOptions.none().rawFormats());
            return rows instanceof ArrayNode ? rows : NullNode.getInstance();
        } catch (ReqlServerException e) {
            warnings.add("cannot read rethinkdb." + name + " on " + connection.endpoint() + " (" + e.serverMessage()
                    + "): " + consequence);
            return NullNode.getInstance();
        }
    }

    /** One warning per kind of metadata the server could not give. */
    public synchronized List<String> warnings() {
        List<String> out = new ArrayList<>(warnings);
        if (tableConfigFailure != null) {
            out.add("cannot read table.config() on " + connection.endpoint() + " (" + tableConfigFailure
                    + (tableConfigFailures > 1 ? "; " + tableConfigFailures + " tables" : "")
                    + "): shards, replicas, write acks and durability are not saved");
        }
        if (dbConfigFailure != null) {
            out.add("cannot read db.config() on " + connection.endpoint() + " (" + dbConfigFailure
                    + "): databases are saved by name only");
        }
        return out;
    }
}
