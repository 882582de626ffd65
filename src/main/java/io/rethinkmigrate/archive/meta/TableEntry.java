package io.rethinkmigrate.archive.meta;

import io.rethinkmigrate.model.TableId;

/**
 * A table of an archive and its metadata.
 *
 * @param table    database and table name (from the member path)
 * @param info     the official {@code .info}
 * @param settings our {@code .config} member (shards, replicas, write acks, durability, raw indexes and hook),
 *                 or null when the archive has none (an archive of the official tool)
 */
public record TableEntry(TableId table, TableInfo info, TableSettings settings) {

    /** A table with only the official metadata. */
    public TableEntry(TableId table, TableInfo info) {
        this(table, info, null);
    }

    /** The same table with these settings. */
    public TableEntry withSettings(TableSettings s) {
        return new TableEntry(table, info, s);
    }
}
