package io.rethinkmigrate.engine.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.model.TableId;

/**
 * One table as one side of a verify holds it.
 *
 * @param info     metadata as a `.info` holds it (primary key, indexes with blobs, write hook)
 * @param settings the table's `config()` (shards, replicas, write_acks, durability), or null when the
 *                 side cannot say (official archives, reqlite)
 * @param digest   the documents' digest
 */
public record SideTable(TableId table, TableInfo info, JsonNode settings, TableDigest digest) {
}
