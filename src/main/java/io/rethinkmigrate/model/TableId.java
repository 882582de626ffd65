package io.rethinkmigrate.model;

import java.util.Comparator;

/** A table by database and name, written `db.table` as the official tools do. */
public record TableId(String db, String table) implements Comparable<TableId> {
    private static final Comparator<TableId> ORDER =
            Comparator.comparing(TableId::db).thenComparing(TableId::table);

    public TableId {
        if (db == null || db.isEmpty() || table == null || table.isEmpty()) {
            throw new IllegalArgumentException("database and table names must not be empty");
        }
    }

    @Override
    public int compareTo(TableId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return db + "." + table;
    }
}
