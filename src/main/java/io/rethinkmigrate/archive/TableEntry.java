package io.rethinkmigrate.archive;

import io.rethinkmigrate.model.TableId;

/** A table of an archive and its metadata. */
public record TableEntry(TableId table, TableInfo info) {
}
