package io.rethinkmigrate.archive;

import io.rethinkmigrate.archive.meta.TableEntry;
import java.io.IOException;

/** Receives the tables of an archive one after the other. */
@FunctionalInterface
public interface TableVisitor {

    /**
     * One table. The documents are valid only during this call; returning without reading them all
     * skips the rest of the table.
     */
    void table(TableEntry entry, DocumentReader documents) throws IOException;
}
