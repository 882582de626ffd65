package io.rethinkmigrate.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.Manifest;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.meta.TableSettings;
import io.rethinkmigrate.model.TableId;
import java.io.Closeable;
import java.io.IOException;

/**
 * Writes one archive. Several tables may be written at once, each through its own {@link TableWriter}
 * on its own thread. Nothing looks complete until {@link #commit()}: a writer closed without commit
 * removes what it wrote.
 */
public interface ArchiveWriter extends Closeable {

    /** Starts a table. Thread-safe. The info is written as the table's metadata member. */
    TableWriter openTable(TableId table, TableInfo info) throws IOException;

    /**
     * Starts a table with its settings as well (shards, replicas, write acks, durability...), written
     * before its data where the format has a place for them; formats without one keep only the info.
     */
    default TableWriter openTable(TableId table, TableInfo info, TableSettings settings) throws IOException {
        return openTable(table, info);
    }

    /** A database's raw {@code db.config()} (also for a database without tables); ignored by formats without a place for it. */
    default void writeDatabaseConfig(String db, JsonNode config) throws IOException {
    }

    /** Users, permissions and cluster settings ({@code cluster.config}); ignored by formats without a place for it. */
    default void writeClusterConfig(JsonNode cluster) throws IOException {
    }

    /**
     * Asks for a manifest: this header, completed with each table's count, size and checksum as it is
     * finished, written last by {@link #commit()}. Ignored by formats without a place for it.
     */
    default void startManifest(Manifest manifest) {
    }

    /** Ends the archive once every opened table is finished, and makes it visible under its final name. */
    void commit() throws IOException;

    /** Without a prior commit: aborts, removing the partial output. After commit: releases resources. */
    @Override
    void close() throws IOException;
}
