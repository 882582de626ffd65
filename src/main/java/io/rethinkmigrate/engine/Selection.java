package io.rethinkmigrate.engine;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which tables a run covers, from the official `-e/--export` and `-i/--import` values: `DB` for a whole
 * database or `DB.TABLE` for one table; besides those, glob patterns (`db.*`, `*.logs_*`, `shop.order?`:
 * `*` and `?` within one name, never across the dot) and `--exclude` patterns of the same form, which
 * win over what is included. No includes means every table outside the `rethinkdb` system database,
 * which no pattern ever matches.
 *
 * <p>Plain names keep the official meaning: a named database or table that does not exist is an error
 * (the caller checks, see {@link #databases()} and {@link #tables()}); a pattern that matches nothing is
 * only a warning ({@link #unmatched}).
 */
public final class Selection {
    /** The system database: never dumped or restored as data. */
    public static final String SYSTEM_DB = "rethinkdb";
    /** Not a valid table name (names are letters, digits, _ and -): matched only by whole-database specs. */
    public static final String EMPTY_DATABASE_PROBE = "\u0000";

    private final List<Spec> includes;
    private final List<Spec> excludes;

    /** One `DB` or `DB.TABLE` value, either part possibly a glob; table null for a whole database. */
    private record Spec(String text, String db, String table, Pattern dbPattern, Pattern tablePattern) {
        boolean isPattern() {
            return dbPattern != null || tablePattern != null;
        }

        boolean matches(TableId id) {
            if (SYSTEM_DB.equals(id.db())) {
                return false;
            }
            boolean dbOk = dbPattern != null ? dbPattern.matcher(id.db()).matches() : db.equals(id.db());
            if (!dbOk) {
                return false;
            }
            if (table == null) {
                return true;
            }
            return tablePattern != null ? tablePattern.matcher(id.table()).matches() : table.equals(id.table());
        }
    }

    private Selection(List<Spec> includes, List<Spec> excludes) {
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
    }

    public static Selection all() {
        return new Selection(List.of(), List.of());
    }

    /**
     * Parses option values; the option name goes into the error message.
     * Table and database names cannot contain dots, so the first dot splits them.
     */
    public static Selection parse(String option, List<String> specs) {
        return new Selection(parseSpecs(option, specs), List.of());
    }

    /** The same selection with `--exclude` values added (same syntax); excluded tables are never taken. */
    public Selection excluding(String option, List<String> specs) {
        List<Spec> all = new ArrayList<>(excludes);
        all.addAll(parseSpecs(option, specs));
        return new Selection(includes, all);
    }

    private static List<Spec> parseSpecs(String option, List<String> specs) {
        List<Spec> out = new ArrayList<>();
        for (String spec : specs == null ? List.<String>of() : specs) {
            int dot = spec.indexOf('.');
            String db = dot < 0 ? spec : spec.substring(0, dot);
            String table = dot < 0 ? null : spec.substring(dot + 1);
            if (!validPattern(db) || (table != null && !validPattern(table))) {
                throw new MigrateException(ErrorKind.USAGE, option + " " + spec
                        + ": expected DB or DB.TABLE (names of letters, digits, _ and -; * and ? as wildcards within a name)");
            }
            if (SYSTEM_DB.equals(db)) {
                throw new MigrateException(ErrorKind.USAGE, option + " " + spec
                        + ": the `rethinkdb` database is special and cannot be used here");
            }
            out.add(new Spec(spec, db, table, glob(db), table == null ? null : glob(table)));
        }
        return out;
    }

    /** A regex for a name with wildcards, null for a plain name. */
    private static Pattern glob(String name) {
        if (name.indexOf('*') < 0 && name.indexOf('?') < 0) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : name.toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^.]*");
                case '?' -> regex.append("[^.]");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** A valid database or table name: letters, digits, `_` and `-`. */
    public static boolean validName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }

    private static boolean validPattern(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-'
                || c == '*' || c == '?');
    }

    /** True when no include was given (excludes may still remove tables). */
    public boolean isAll() {
        return includes.isEmpty();
    }

    public boolean includes(TableId table) {
        if (SYSTEM_DB.equals(table.db())) {
            return false;
        }
        if (!isAll() && includes.stream().noneMatch(s -> s.matches(table))) {
            return false;
        }
        return excludes.stream().noneMatch(s -> s.matches(table));
    }

    /** Databases named on their own, without wildcards (each must exist). */
    public List<String> databases() {
        return includes.stream().filter(s -> !s.isPattern() && s.table() == null).map(Spec::db).toList();
    }

    /** Tables named explicitly, without wildcards (each must exist). */
    public List<TableId> tables() {
        return includes.stream().filter(s -> !s.isPattern() && s.table() != null)
                .map(s -> new TableId(s.db(), s.table())).toList();
    }

    /**
     * Warnings for the patterns (includes with wildcards, and every exclude) that match none of the
     * given tables, e.g. "-e/--export shop.x*: matches no table".
     */
    public List<String> unmatched(String includeOption, String excludeOption, Collection<TableId> available) {
        List<String> out = new ArrayList<>();
        for (Spec s : includes) {
            if (s.isPattern() && available.stream().noneMatch(s::matches)) {
                out.add(includeOption + " " + s.text() + ": matches no table");
            }
        }
        for (Spec s : excludes) {
            if (available.stream().noneMatch(s::matches)) {
                out.add(excludeOption + " " + s.text() + ": matches no table");
            }
        }
        return out;
    }
}
