package io.rethinkmigrate.archive;

import io.rethinkmigrate.json.RawJson;
import java.io.Closeable;
import java.io.IOException;

/** The documents of one table, written by one thread. */
public interface TableWriter extends Closeable {

    /** Appends one document (a JSON object as the server sent it). */
    void write(RawJson document) throws IOException;

    /** Documents written so far. */
    long documents();

    /** Uncompressed bytes of the table's data member so far. */
    long bytes();

    /** The table is complete: its members go into the archive. */
    void finish() throws IOException;

    /** Without a prior finish: discards the table. */
    @Override
    void close() throws IOException;
}
