package io.rethinkmigrate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps up to {@code maxInFlight} insert batches of one table on the wire at once, spread over the
 * connections, so the reader can parse the next batch while the server writes the previous ones.
 * The first failed batch stops the pipeline; its error is thrown from the next submit or from awaitAll.
 */
final class InsertPipeline {
    private final List<Connection> connections;
    private final Term table;
    private final Map<String, Term> insertOptions;
    private final TableId tableId;
    private final ProgressListener listener;
    private final int maxInFlight;
    private final Semaphore slots;
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private int next;

    InsertPipeline(List<Connection> connections, TableId tableId, Map<String, Term> insertOptions, int maxInFlight,
                   ProgressListener listener) {
        this.connections = connections;
        this.tableId = tableId;
        this.table = Term.db(tableId.db()).table(tableId.table());
        this.insertOptions = insertOptions;
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
        this.listener = listener;
    }

    /** Sends one batch (a JSON array text), waiting for a free slot first. */
    void submit(RawJson batch, int documents) throws InterruptedException {
        slots.acquire();
        throwIfFailed();
        Connection connection = connections.get(next++ % connections.size());
        long bytes = batch.length();
        connection.runAsync(table.insert(Term.json(batch), insertOptions), GlobalOptions.none())
                .whenComplete((result, error) -> {
                    try {
                        if (error != null) {
                            failure.compareAndSet(null, asMigrateException(error));
                        } else {
                            long ok = acknowledged(result);
                            written.addAndGet(ok); // counted even when others of the batch were refused
                            listener.documentsDone(tableId, ok, bytes);
                            check(result, ok, documents);
                        }
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        slots.release();
                    }
                });
    }

    /** Waits until every batch is acknowledged; returns how many documents were written. */
    long awaitAll() throws InterruptedException {
        drain();
        throwIfFailed();
        return written.get();
    }

    /** Waits until no batch is in flight, whatever their outcome: after a failure, so the count is final. */
    void drain() throws InterruptedException {
        slots.acquire(maxInFlight);
        slots.release(maxInFlight);
    }

    /** Documents acknowledged so far. */
    long written() {
        return written.get();
    }

    private static long acknowledged(JsonNode result) {
        return result.path("inserted").asLong(0) + result.path("replaced").asLong(0)
                + result.path("unchanged").asLong(0);
    }

    private void check(JsonNode result, long ok, int documents) {
        long errors = result.path("errors").asLong(0);
        if (errors > 0) {
            String first = result.path("first_error").asText("unknown error");
            throw new MigrateException(ErrorKind.SERVER, "table " + tableId + ": " + errors
                    + " document(s) of a batch were refused: " + firstLine(first));
        }
        if (ok != documents) {
            throw new MigrateException(ErrorKind.SERVER, "table " + tableId + ": the server acknowledged " + ok
                    + " of " + documents + " documents of a batch");
        }
    }

    private void throwIfFailed() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    private static RuntimeException asMigrateException(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return cause instanceof RuntimeException re ? re
                : new MigrateException(ErrorKind.INTERNAL, String.valueOf(cause.getMessage()), cause);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }
}
