package io.rethinkmigrate.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.meta.ArchiveMetadata;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last step of a restore: users, their permissions and the cluster settings, after every table
 * exists (a table-scoped permission needs its table). Users and permissions are skipped with
 * `--no-users`, the cluster settings with `--no-config`. What the target cannot hold (reqlite has no
 * users, permissions or writable cluster settings) is a warning, never a failure: the data is in.
 *
 * <p>Passwords cannot be read from a server, so the archive says only whether a user had one. A user
 * gets the password given for it in `--user-passwords`; one that had a password and has none given gets
 * a random one (never no password: that would let anyone log in as that user), with a warning.
 */
final class ClusterRestorer {
    private static final int UPDATE = 53;
    private static final String ADMIN = "admin";

    private final Connection control;
    private final RestoreOptions options;
    private final List<String> warnings = new ArrayList<>();

    ClusterRestorer(Connection control, RestoreOptions options) {
        this.control = control;
        this.options = options;
    }

    /**
     * Restores what the archive has. {@code restoredDatabases}/{@code restoredTables} are the archive's
     * names of what this run restored (permissions on anything else are left out), mapped to the target
     * through `--rename`. Returns the warnings.
     */
    List<String> restore(ArchiveMetadata metadata, Set<String> restoredDatabases, Set<TableId> restoredTables) {
        if (options.users() && metadata.cluster() != null) {
            if (metadata.hasUsers()) {
                if (restoreUsers(metadata.users())) {
                    restorePermissions(metadata.permissions(), restoredDatabases, restoredTables);
                }
            } else {
                warnings.add("the archive has no users or permissions (the source server could not give them)");
            }
        }
        if (options.config()) {
            restoreClusterConfig(metadata.clusterConfig());
        }
        return warnings;
    }

    /** False when the target has no users at all (then permissions cannot be set either). */
    private boolean restoreUsers(List<JsonNode> users) {
        Set<String> existing = existingUsers();
        if (existing == null) {
            return false;
        }
        Set<String> archived = new HashSet<>();
        for (JsonNode user : users) {
            String name = user.path("id").asText(null);
            if (name != null) {
                archived.add(name);
                restoreUser(name, user, existing.contains(name));
            }
        }
        warnUnusedPasswords(archived);
        return true;
    }

    /** The names of the target's users, or null (with a warning) when it has no users table. */
    private Set<String> existingUsers() {
        Set<String> existing = new HashSet<>();
        try {
            for (JsonNode user : control.run(usersTable(), GlobalOptions.none().rawFormats())) {
                existing.add(user.path("id").asText());
            }
        } catch (ReqlServerException e) {
            warnings.add("users and permissions not restored: the target has no users (" + e.serverMessage() + ")");
            return null;
        }
        return existing;
    }

    private static Term usersTable() {
        return Term.db(Selection.SYSTEM_DB).table("users");
    }

    private void restoreUser(String name, JsonNode user, boolean exists) {
        String given = options.userPasswords().get(name);
        if (exists) {
            if (given != null) {
                write(passwordChange(name, given), "password of user `" + name + "`");
            } else if (!ADMIN.equals(name)) {
                warnings.add("user `" + name + "` already exists on the target: its password was left as it is");
            }
            return;
        }
        ObjectNode row = Json.mapper().createObjectNode();
        row.put("id", name);
        row.set("password", newUserPassword(name, user, given));
        write(Term.of(TermTypes.INSERT, List.of(usersTable(), Term.datum(row)), Map.of()), "user `" + name + "`");
    }

    /** The password given, else a random one for a user that had one (a dump cannot read it), else none. */
    private JsonNode newUserPassword(String name, JsonNode user, String given) {
        if (given != null) {
            return passwordValue(given);
        }
        if (!user.path("password").asBoolean(false)) {
            return Json.mapper().getNodeFactory().booleanNode(false);
        }
        warnings.add("user `" + name + "` had a password, which a dump cannot read: created with a random one "
                + "(give it with --user-passwords FILE, or set it with r.db('rethinkdb').table('users')"
                + ".get('" + name + "').update({password: ...}))");
        return Json.mapper().getNodeFactory().textNode(randomPassword());
    }

    private void warnUnusedPasswords(Set<String> archived) {
        for (String name : options.userPasswords().keySet()) {
            if (!archived.contains(name)) {
                warnings.add("--user-passwords: user `" + name + "` is not in the archive, ignored");
            }
        }
    }

    /** An empty password given is no password ({@code false}, as the server shows a user without one). */
    private static JsonNode passwordValue(String given) {
        return given.isEmpty() ? Json.mapper().getNodeFactory().booleanNode(false)
                : Json.mapper().getNodeFactory().textNode(given);
    }

    private Term passwordChange(String name, String password) {
        ObjectNode change = Json.mapper().createObjectNode();
        change.set("password", passwordValue(password));
        Term row = Term.of(TermTypes.GET, List.of(usersTable(), Term.value(name)), Map.of());
        return Term.of(UPDATE, List.of(row, Term.datum(change)), Map.of());
    }

    /** Runs a write to a system table; a refusal (in the answer or as an error) is a warning naming it. */
    private void write(Term query, String what) {
        try {
            JsonNode result = control.run(query);
            if (result.path("errors").asLong(0) > 0) {
                warnings.add(what + " not restored: " + result.path("first_error").asText("refused"));
            }
        } catch (ReqlServerException e) {
            warnings.add(what + " not restored: " + e.serverMessage());
        }
    }

    private void restorePermissions(List<JsonNode> rows, Set<String> restoredDatabases, Set<TableId> restoredTables) {
        for (JsonNode row : rows) {
            String user = row.path("user").asText(null);
            JsonNode permissions = row.get("permissions");
            if (user == null || ADMIN.equals(user) || permissions == null || !permissions.isObject()) {
                continue; // admin's permissions are fixed
            }
            GrantScope scope = grantScope(row.path("database").asText(null), row.path("table").asText(null),
                    restoredDatabases, restoredTables);
            if (scope != null) {
                grant(user, permissions, scope);
            }
        }
    }

    /** Where a permission row applies: globally (no term), a database or a table, under --rename. */
    private record GrantScope(Term term, String where) {
    }

    /** The scope of a permission row, or null for a database or table this run did not restore. */
    private GrantScope grantScope(String db, String table, Set<String> restoredDatabases, Set<TableId> restoredTables) {
        if (db == null) {
            return new GrantScope(null, "globally");
        }
        if (table == null) {
            if (!Selection.SYSTEM_DB.equals(db) && !restoredDatabases.contains(db)) {
                return null;
            }
            String to = Selection.SYSTEM_DB.equals(db) ? db
                    : options.renaming().target(new TableId(db, Selection.EMPTY_DATABASE_PROBE)).db();
            return new GrantScope(Term.db(to), "on database " + to);
        }
        TableId source = new TableId(db, table);
        if (!restoredTables.contains(source)) {
            return null;
        }
        TableId to = options.renaming().target(source);
        return new GrantScope(Term.db(to.db()).table(to.table()), "on table " + to);
    }

    private void grant(String user, JsonNode permissions, GrantScope scope) {
        List<Term> args = new ArrayList<>();
        if (scope.term() != null) {
            args.add(scope.term());
        }
        args.add(Term.value(user));
        args.add(Term.datum(permissions));
        try {
            control.run(Term.of(TermTypes.GRANT, args, Map.of()));
        } catch (ReqlServerException e) {
            warnings.add("permissions of user `" + user + "` " + scope.where() + " not restored: " + e.serverMessage());
        }
    }

    private void restoreClusterConfig(List<JsonNode> rows) {
        for (JsonNode row : rows) {
            if (!row.path("id").isTextual()) {
                continue;
            }
            ObjectNode change = row.deepCopy();
            change.remove("id");
            if (change.isEmpty()) {
                continue;
            }
            String id = row.get("id").asText();
            Term get = Term.of(TermTypes.GET, List.of(Term.db(Selection.SYSTEM_DB).table("cluster_config"), Term.value(id)), Map.of());
            try {
                JsonNode result = control.run(Term.of(UPDATE, List.of(get, Term.datum(change)), Map.of()));
                if (result.path("errors").asLong(0) > 0) {
                    warnings.add("cluster setting `" + id + "` not restored: " + result.path("first_error").asText("refused"));
                } else if (result.path("replaced").asLong(0) + result.path("unchanged").asLong(0) == 0) {
                    warnings.add("cluster setting `" + id + "` not restored: the target has no such setting");
                }
            } catch (ReqlServerException e) {
                warnings.add("cluster setting `" + id + "` not restored: " + e.serverMessage());
            }
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Term types used here (the wire package names only the ones the data path needs). */
    private static final class TermTypes {
        static final int GET = 16;
        static final int INSERT = 56;
        static final int GRANT = 188;
    }
}
