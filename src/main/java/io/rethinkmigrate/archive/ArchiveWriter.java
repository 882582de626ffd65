package io.rethinkmigrate.archive;

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

    /** Ends the archive once every opened table is finished, and makes it visible under its final name. */
    void commit() throws IOException;

    /** Without a prior commit: aborts, removing the partial output. After commit: releases resources. */
    @Override
    void close() throws IOException;
}
