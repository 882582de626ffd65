package io.rethinkmigrate.engine.write;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.engine.RetryPolicy;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Keeps up to {@code maxInFlight} insert batches of one table on the wire at once, spread over the
 * writer connections, so the reader can parse the next batch while the server writes the previous ones.
 *
 * <p>A batch that fails for a transient reason ({@link RetryPolicy#isTransient}: a dropped connection,
 * a restarting server, a primary replica not available) is sent again after a backoff, on its writer
 * connection reopened if it broke, with {@code conflict: "replace"}: an unacknowledged batch may have
 * been written in part or in full, and replacing makes the retry exact (each document ends up once,
 * as in the archive). Batches are acknowledged out of order; {@link #acknowledgedPrefix()} is the
 * number of documents, counted from the first one submitted, that are all acknowledged, which is what
 * a resumed restore may skip. The first batch that fails for good stops the pipeline; its error is
 * thrown from the next submit or from awaitAll.
 */
public final class InsertPipeline implements AutoCloseable {
    private final RestoreConnections writers;
    private final Term table;
    private final Map<String, Term> insertOptions;
    private final Map<String, Term> retryOptions;
    private final TableId tableId;
    private final ProgressListener listener;
    private final RetryPolicy retry;
    private final LongConsumer prefixListener;
    private final int maxInFlight;
    private final Semaphore slots;
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final ScheduledExecutorService retries;
    private long submitted;
    private long nextSequence;
    private long prefix;
    private long prefixSequence;
    private final Map<Long, Integer> ackedAhead = new HashMap<>();

    /**
     * @param prefixListener told the new acknowledged prefix each time it grows (documents from the
     *                       first one submitted), from the connections' threads
     */
    public InsertPipeline(RestoreConnections writers, TableId tableId, Map<String, Term> insertOptions, int maxInFlight,
                   RetryPolicy retry, ProgressListener listener, LongConsumer prefixListener) {
        this.writers = writers;
        this.tableId = tableId;
        this.table = Term.db(tableId.db()).table(tableId.table());
        this.insertOptions = insertOptions;
        this.retryOptions = new LinkedHashMap<>(insertOptions);
        this.retryOptions.put("conflict", Term.value("replace"));
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
        this.retry = retry;
        this.listener = listener;
        this.prefixListener = prefixListener;
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "insert-retry " + tableId);
            t.setDaemon(true);
            return t;
        });
    }

    /** @param slots how many of the pipeline's slots the batch holds until it is acknowledged */
    private record Batch(long sequence, RawJson json, int documents, int writer, int slots) {
    }

    /** Sends one batch (a JSON array text), waiting for a free slot first. */
    public void submit(RawJson json, int documents) throws InterruptedException {
        submit(json, documents, 1);
    }

    /**
     * Sends one document over the batch byte cap (a JSON object text) with nothing else in flight: it
     * takes every slot, so that memory holds at most one such document and its query at a time.
     */
    public void submitAlone(RawJson document) throws InterruptedException {
        submit(document, 1, maxInFlight);
    }

    private void submit(RawJson json, int documents, int slotsHeld) throws InterruptedException {
        slots.acquire(slotsHeld);
        try {
            throwIfFailed();
        } catch (RuntimeException e) {
            slots.release(slotsHeld);
            throw e;
        }
        Batch batch = new Batch(nextSequence++, json, documents, (int) (nextSequence % writers.writerCount()),
                slotsHeld);
        submitted += documents;
        send(batch, 0);
    }

    private void send(Batch batch, int attempt) {
        Connection connection;
        try {
            connection = writers.writer(batch.writer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new MigrateException(ErrorKind.INTERRUPTED, "interrupted while restoring " + tableId, e), batch);
            return;
        } catch (RuntimeException e) {
            failed(batch, attempt, e);
            return;
        }
        Map<String, Term> options = attempt == 0 ? insertOptions : retryOptions;
        connection.runAsync(table.insert(Term.json(batch.json()), options), GlobalOptions.none())
                .whenComplete((result, error) -> {
                    if (error != null) {
                        failed(batch, attempt, error);
                        return;
                    }
                    try {
                        long ok = acknowledged(result);
                        written.addAndGet(ok); // counted even when others of the batch were refused
                        listener.documentsDone(tableId, ok, batch.json().length());
                        check(result, ok, batch.documents());
                        acknowledge(batch);
                        slots.release(batch.slots());
                    } catch (RuntimeException e) {
                        fail(e, batch);
                    }
                });
    }

    /** A batch that failed: sent again after a backoff when the failure may pass, else the pipeline stops. */
    private void failed(Batch batch, int attempt, Throwable error) {
        Throwable cause = RetryPolicy.unwrap(error);
        if (!RetryPolicy.isTransient(cause) || failure.get() != null) {
            fail(asMigrateException(cause), batch);
            return;
        }
        if (attempt >= retry.retries()) {
            MigrateException last = asMigrateException(cause);
            fail(new MigrateException(last.kind(), "table " + tableId + ": a batch failed "
                    + (attempt == 0 ? "(--retries 0)" : (attempt + 1) + " times (--retries " + retry.retries() + ")")
                    + " after " + written.get() + " documents were acknowledged (the first "
                    + acknowledgedPrefix() + " in archive order): " + last.getMessage(), last), batch);
            return;
        }
        int next = attempt + 1;
        listener.warning("table " + tableId + ": a batch of " + batch.documents() + " documents failed ("
                + oneLine(cause.getMessage()) + "); retry " + next + " of " + retry.retries());
        try {
            retries.schedule(() -> send(batch, next), retry.backoff(next).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            fail(asMigrateException(cause), batch); // the pipeline was closed: the table is being abandoned
        }
    }

    /** Stops the pipeline for good; the batch that failed gives back its slots. */
    private void fail(RuntimeException e, Batch batch) {
        failure.compareAndSet(null, e);
        slots.release(batch.slots());
    }

    private synchronized void acknowledge(Batch batch) {
        ackedAhead.put(batch.sequence(), batch.documents());
        long before = prefix;
        Integer documents;
        while ((documents = ackedAhead.remove(prefixSequence)) != null) {
            prefix += documents;
            prefixSequence++;
        }
        if (prefix != before && prefixListener != null) {
            prefixListener.accept(prefix);
        }
    }

    /** Documents from the first one submitted that are all acknowledged (batches finish out of order). */
    synchronized long acknowledgedPrefix() {
        return prefix;
    }

    /** Documents submitted so far. */
    long submitted() {
        return submitted;
    }

    /** Waits until every batch is acknowledged; returns how many documents were written. */
    public long awaitAll() throws InterruptedException {
        drain();
        throwIfFailed();
        return written.get();
    }

    /** Waits until no batch is in flight, whatever their outcome: after a failure, so the count is final. */
    public void drain() throws InterruptedException {
        slots.acquire(maxInFlight);
        slots.release(maxInFlight);
    }

    /** Documents acknowledged so far. */
    public long written() {
        return written.get();
    }

    @Override
    public void close() {
        retries.shutdownNow();
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

    private static MigrateException asMigrateException(Throwable cause) {
        return cause instanceof MigrateException me ? me
                : new MigrateException(ErrorKind.INTERNAL, String.valueOf(cause.getMessage()), cause);
    }

    private static String oneLine(String text) {
        return text == null ? "no message" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }
}
