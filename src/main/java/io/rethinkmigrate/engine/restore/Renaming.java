package io.rethinkmigrate.engine.restore;

import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the tables of an archive go on restore (`--rename OLD=NEW`, rethinkdb #4274): `DB=NEWDB` moves
 * every table of a database, `DB.TABLE=NEWDB.NEWTABLE` one table (possibly into another database).
 * A table's own rename wins over its database's. Names are the archive's (the `-i` selection is applied
 * first); immutable.
 */
public final class Renaming {
    public static final String OPTION = "--rename";

    private final Map<String, String> databases;
    private final Map<TableId, TableId> tables;

    private Renaming(Map<String, String> databases, Map<TableId, TableId> tables) {
        this.databases = Collections.unmodifiableMap(new LinkedHashMap<>(databases));
        this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    public static Renaming none() {
        return new Renaming(Map.of(), Map.of());
    }

    /** Parses `OLD=NEW` values; errors are usage errors naming the value. */
    public static Renaming parse(List<String> specs) {
        Map<String, String> dbs = new LinkedHashMap<>();
        Map<TableId, TableId> tables = new LinkedHashMap<>();
        for (String spec : specs == null ? List.<String>of() : specs) {
            int eq = spec.indexOf('=');
            if (eq < 0 || spec.indexOf('=', eq + 1) >= 0) {
                throw usage(spec, "expected OLD=NEW, each DB or DB.TABLE");
            }
            String[] from = split(spec, spec.substring(0, eq));
            String[] to = split(spec, spec.substring(eq + 1));
            if ((from.length == 1) != (to.length == 1)) {
                throw usage(spec, "a database is renamed to a database (DB=NEWDB), a table to a table (DB.TABLE=NEWDB.NEWTABLE)");
            }
            if (from.length == 1) {
                String previous = dbs.putIfAbsent(from[0], to[0]);
                if (previous != null && !previous.equals(to[0])) {
                    throw usage(spec, "database `" + from[0] + "` is already renamed to `" + previous + "`");
                }
            } else {
                TableId old = new TableId(from[0], from[1]);
                TableId target = new TableId(to[0], to[1]);
                TableId previous = tables.putIfAbsent(old, target);
                if (previous != null && !previous.equals(target)) {
                    throw usage(spec, "table " + old + " is already renamed to " + previous);
                }
            }
        }
        return new Renaming(dbs, tables);
    }

    private static String[] split(String spec, String side) {
        String[] parts = side.split("\\.", -1);
        if (parts.length > 2) {
            throw usage(spec, "`" + side + "`: expected DB or DB.TABLE");
        }
        for (String part : parts) {
            if (!Selection.validName(part)) {
                throw usage(spec, "`" + side + "`: names are letters, digits, _ and - (no wildcards)");
            }
        }
        if (Selection.SYSTEM_DB.equals(parts[0])) {
            throw usage(spec, "the `rethinkdb` database is special and cannot be used here");
        }
        return parts;
    }

    private static MigrateException usage(String spec, String why) {
        return new MigrateException(ErrorKind.USAGE, OPTION + " " + spec + ": " + why);
    }

    public boolean isEmpty() {
        return databases.isEmpty() && tables.isEmpty();
    }

    /** Where an archive table goes: its own rename, else its database's, else the same name. */
    public TableId target(TableId source) {
        TableId table = tables.get(source);
        if (table != null) {
            return table;
        }
        String db = databases.get(source.db());
        return db != null ? new TableId(db, source.table()) : source;
    }

    /**
     * Fails when two of the given archive tables would go to the same target, naming both.
     */
    public void checkCollisions(Collection<TableId> sources) {
        Map<TableId, TableId> byTarget = new LinkedHashMap<>();
        for (TableId source : sources) {
            checkCollision(byTarget, source);
        }
    }

    /** Adds one source to a map of target to source, failing if another source already has its target. */
    void checkCollision(Map<TableId, TableId> byTarget, TableId source) {
        TableId target = target(source);
        TableId other = byTarget.putIfAbsent(target, source);
        if (other != null && !other.equals(source)) {
            TableId first = other.compareTo(source) < 0 ? other : source;
            TableId second = first == other ? source : other;
            throw new MigrateException(ErrorKind.USAGE, OPTION + ": archive tables " + first + " and " + second
                    + " would both be restored to " + target);
        }
    }

    /** Warnings for renames whose OLD is none of the given archive tables (after `-i`). */
    public List<String> unused(Collection<TableId> sources) {
        List<String> out = new ArrayList<>();
        databases.forEach((db, to) -> {
            if (sources.stream().noneMatch(s -> s.db().equals(db))) {
                out.add(OPTION + " " + db + "=" + to + ": no table of database `" + db + "` is restored");
            }
        });
        tables.forEach((from, to) -> {
            if (!sources.contains(from)) {
                out.add(OPTION + " " + from + "=" + to + ": table " + from + " is not restored");
            }
        });
        return out;
    }
}
