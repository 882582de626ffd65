package io.rethinkmigrate.progress;

import io.rethinkmigrate.model.TableId;

/**
 * Receives what a dump or restore is doing. Called from worker threads, possibly at once for different
 * tables: implementations must be thread-safe. The library never prints; the CLI draws these on stderr.
 */
public interface ProgressListener {

    /** Does nothing: for library callers that don't watch. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** A table will be worked on later (before any starts, when the run knows its tables up front). */
    default void tablePlanned(TableId table, long estimatedDocuments) {
    }

    /** Work on a table begins; estimatedDocuments is -1 when unknown. */
    default void tableStarted(TableId table, long estimatedDocuments) {
    }

    /**
     * Work on a table begins, written under another name than the archive's (`restore --rename`):
     * {@code table} is the target, {@code source} the archive's name. By default the same as
     * {@link #tableStarted(TableId, long)} with the target.
     */
    default void tableStarted(TableId table, TableId source, long estimatedDocuments) {
        tableStarted(table, estimatedDocuments);
    }

    /** More documents of a table are done (counts are increments, not totals). */
    default void documentsDone(TableId table, long documents, long bytes) {
    }

    /** A table is done, with its outcome. */
    default void tableFinished(TableResult result) {
    }

    /** Something the operator should know that does not stop the run (e.g. an index that was not recreated). */
    default void warning(String message) {
    }
}
