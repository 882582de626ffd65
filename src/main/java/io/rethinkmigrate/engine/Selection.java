package io.rethinkmigrate.engine;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.List;

/**
 * Which tables a run covers, from the official `-e/--export` and `-i/--import` values: `DB` for a whole
 * database or `DB.TABLE` for one table. Empty means every table outside the `rethinkdb` system database.
 */
public final class Selection {
    /** The system database: never dumped or restored as data. */
    public static final String SYSTEM_DB = "rethinkdb";

    private final List<String> databases;
    private final List<TableId> tables;

    private Selection(List<String> databases, List<TableId> tables) {
        this.databases = List.copyOf(databases);
        this.tables = List.copyOf(tables);
    }

    public static Selection all() {
        return new Selection(List.of(), List.of());
    }

    /**
     * Parses option values; the option name goes into the error message.
     * Table and database names cannot contain dots, so the first dot splits them.
     */
    public static Selection parse(String option, List<String> specs) {
        List<String> dbs = new ArrayList<>();
        List<TableId> tables = new ArrayList<>();
        for (String spec : specs == null ? List.<String>of() : specs) {
            int dot = spec.indexOf('.');
            String db = dot < 0 ? spec : spec.substring(0, dot);
            String table = dot < 0 ? null : spec.substring(dot + 1);
            if (!validName(db) || (table != null && !validName(table))) {
                throw new MigrateException(ErrorKind.USAGE, option + " " + spec
                        + ": expected DB or DB.TABLE (names of letters, digits, _ and -)");
            }
            if (SYSTEM_DB.equals(db)) {
                throw new MigrateException(ErrorKind.USAGE, option + " " + spec
                        + ": the `rethinkdb` database is special and cannot be used here");
            }
            if (table == null) {
                dbs.add(db);
            } else {
                tables.add(new TableId(db, table));
            }
        }
        return new Selection(dbs, tables);
    }

    private static boolean validName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }

    public boolean isAll() {
        return databases.isEmpty() && tables.isEmpty();
    }

    public boolean includes(TableId table) {
        if (isAll()) {
            return !SYSTEM_DB.equals(table.db());
        }
        return databases.contains(table.db()) || tables.contains(table);
    }

    /** Databases named on their own. */
    public List<String> databases() {
        return databases;
    }

    /** Tables named explicitly. */
    public List<TableId> tables() {
        return tables;
    }
}
