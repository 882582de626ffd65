package io.rethinkmigrate.engine.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.RetryPolicy;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.ReqlConnectionException;
import java.io.IOException;

/**
 * Reads key ranges of one table over a connection it reopens when it breaks: after a lost connection
 * it waits (exponential backoff), reconnects and goes on after the primary key of the last document
 * already delivered, so no document is delivered twice or skipped. Gives up after
 * {@link RetryPolicy#retries()} failures in a row without progress, with an error naming the table
 * and how far it got.
 *
 * <p>A range expected to fit in one page is first read whole and unordered ({@link TableScanner#scanWhole}):
 * a failure then has delivered nothing, and the range is simply read again. A range found bigger than
 * a page (and, from then on, every range of the table: {@code wholeRangesFit} is shared) is read in
 * ordered pages, resumable after the last key delivered.
 */
final class ResumingRangeReader implements AutoCloseable {
    private final ConnectionFactory connections;
    private final TableId table;
    private final String primaryKey;
    private final GlobalOptions options;
    private final long targetPageBytes;
    private final RetryPolicy retry;
    private final java.util.concurrent.atomic.AtomicBoolean wholeRangesFit;
    private Connection connection;
    private long pageLength;

    ResumingRangeReader(ConnectionFactory connections, TableId table, String primaryKey, GlobalOptions options,
                        long targetPageBytes, long firstPageLength, RetryPolicy retry,
                        java.util.concurrent.atomic.AtomicBoolean wholeRangesFit) {
        this.wholeRangesFit = wholeRangesFit;
        this.connections = connections;
        this.table = table;
        this.primaryKey = primaryKey;
        this.options = options;
        this.targetPageBytes = targetPageBytes;
        this.pageLength = firstPageLength;
        this.retry = retry;
    }

    /** Delivers every document of the range once, in key order; returns how many. */
    long read(KeyRange range, DocumentSink sink) throws IOException, InterruptedException {
        KeyRange rest = range;
        long total = 0;
        int failuresInARow = 0;
        while (true) {
            TableScanner scanner = null;
            try {
                scanner = openScanner();
                long whole = rest == range ? readWhole(scanner, rest, sink) : -1;
                if (whole >= 0) {
                    return whole;
                }
                total += scanner.scan(rest, sink);
                pageLength = scanner.pageLength();
                return total;
            } catch (ReqlConnectionException e) {
                closeConnection();
                if (scanner != null && scanner.delivered() > 0) {
                    total += scanner.delivered();
                    rest = rest.after(scanner.lastKey());
                    pageLength = scanner.pageLength();
                    failuresInARow = 0;
                }
                failuresInARow++;
                if (failuresInARow > retry.retries()) {
                    throw new MigrateException(ErrorKind.CONNECTION, "table " + table + ": gave up after "
                            + retry.retries() + " reconnections without progress, " + total
                            + " documents of range " + range + " read" + lastKeyText(rest) + ": " + e.getMessage(), e);
                }
                Thread.sleep(retry.backoff(failuresInARow).toMillis());
            }
        }
    }

    private TableScanner openScanner() {
        if (connection == null || !connection.isOpen()) {
            closeConnection();
            connection = connections.open();
        }
        return new TableScanner(connection, table, primaryKey, options, targetPageBytes).startingPageLength(pageLength);
    }

    /**
     * Most ranges fit in one page (they are cut to): one unordered query, no sort. Returns -1 when the
     * range is bigger (and from then on the table's ranges are read in ordered pages).
     */
    private long readWhole(TableScanner scanner, KeyRange range, DocumentSink sink) throws IOException {
        if (!wholeRangesFit.get()) {
            return -1;
        }
        long whole = scanner.scanWhole(range, 2 * pageLength, sink);
        if (whole < 0) {
            wholeRangesFit.set(false);
        }
        return whole;
    }

    private static String lastKeyText(KeyRange rest) {
        JsonNode key = rest.lowerOpen() ? rest.lower() : null;
        return key == null ? "" : " (up to primary key " + key + ")";
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** Gives the connection back for the next range (a broken one was closed already). */
    @Override
    public void close() {
        if (connection != null) {
            connections.release(connection);
            connection = null;
        }
    }
}
