package io.rethinkmigrate.progress;

import io.rethinkmigrate.model.TableId;
import java.time.Duration;

/**
 * What happened to one table.
 *
 * @param documents documents read (dump) or written (restore)
 * @param bytes     uncompressed JSON bytes of those documents
 * @param indexes   secondary indexes saved (dump) or recreated (restore)
 * @param writeHook whether a write hook was saved or set
 * @param error     why it failed or what it lost, null when DONE or SKIPPED
 */
public record TableResult(TableId table, Status status, long documents, long bytes, int indexes,
                          boolean writeHook, Duration elapsed, String error) {

    public enum Status {
        /** Everything of the table was done. */
        DONE,
        /** The documents are in, but something of the table was lost (an index, the write hook). */
        INCOMPLETE,
        /** The table could not be done. */
        FAILED,
        SKIPPED
    }

    public static TableResult done(TableId table, long documents, long bytes, int indexes, boolean writeHook,
                                   Duration elapsed) {
        return new TableResult(table, Status.DONE, documents, bytes, indexes, writeHook, elapsed, null);
    }

    public static TableResult failed(TableId table, long documents, long bytes, Duration elapsed, String error) {
        return new TableResult(table, Status.FAILED, documents, bytes, 0, false, elapsed, error);
    }
}
