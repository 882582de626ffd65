package io.rethinkmigrate.engine.copy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.PseudoTypes;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import io.rethinkmigrate.wire.TermType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows one table: its change feed is opened before the initial copy reads the table (so that no
 * change made during or after the read is missed), left unread while the copy runs (the server holds
 * the changes), and replayed onto the target once the copy is in: a change made before a document was
 * read is applied again, which only sets the document to a state it later had anyway, and the changes
 * after it follow in order, so the target ends in the source's state.
 *
 * <p>Threads: a reader takes the feed into a queue bounded by bytes; the supervisor applies the queue
 * in reduced batches ({@link ChangeBatch}). When the feed is lost (a dropped connection on either side,
 * or the server's feed queue overflowing), the supervisor opens a new feed and copies the table again
 * ({@link TableResync}), retrying with backoff.
 */
final class TableFollow {
    static final int MAX_RESYNC_ATTEMPTS = 8;
    static final long QUEUE_BYTES = 16L * 1024 * 1024;
    static final int MAX_BATCH_CHANGES = 1_000;
    private static final long POLL_MILLIS = 200;

    private final TableId source;
    private final TableId target;
    private final String primaryKey;
    private final JsonNode writeHook;
    private final ConnectionFactory sourceConnections;
    private final ConnectionFactory targetConnections;
    private final ChangeApplier applier;
    private final FollowListener listener;
    private final AtomicLong applied = new AtomicLong();
    private volatile int resyncs;
    private volatile boolean stopping;
    private volatile boolean busy;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile Feed feed;
    private volatile String error;
    private Thread supervisor;

    TableFollow(TableId source, TableId target, String primaryKey, JsonNode writeHook, ConnectionFactory sourceConnections,
                ConnectionFactory targetConnections, boolean hardDurability, FollowListener listener) {
        this.source = source;
        this.target = target;
        this.primaryKey = primaryKey;
        this.writeHook = writeHook;
        this.sourceConnections = sourceConnections;
        this.targetConnections = targetConnections;
        this.applier = new ChangeApplier(target, hardDurability);
        this.listener = listener;
    }

    TableId source() {
        return source;
    }

    TableId target() {
        return target;
    }

    /** Opens the feed; returns once the server has it open. Called before the table is read. */
    void openFeed() {
        feed = new Feed();
    }

    /** Starts applying the feed (once; later calls do nothing): called once the initial copy of the table is in. */
    synchronized void start() {
        if (supervisor != null) {
            return;
        }
        lastActivityNanos = System.nanoTime();
        busy = true; // until the supervisor has looked at the queue once
        supervisor = new Thread(this::supervise, "follow-" + source);
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** Nothing waiting, nothing being written, no resync running. */
    boolean idle() {
        Feed current = feed;
        return error != null || !busy && (current == null || current.queue.size() == 0);
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    long waiting() {
        Feed current = feed;
        return current == null ? 0 : current.queue.size();
    }

    /** Seconds the oldest waiting change has waited, 0 when none waits. */
    double secondsBehind() {
        Feed current = feed;
        long oldest = current == null ? -1 : current.queue.oldestNanos();
        return oldest < 0 ? 0 : (System.nanoTime() - oldest) / 1e9;
    }

    long applied() {
        return applied.get();
    }

    int resyncs() {
        return resyncs;
    }

    /**
     * Stops following: the feed is closed, what was received is applied, the source's write hook is set
     * on the target (left out during the copy so that it does not rewrite replicated documents), and
     * both sides are counted.
     */
    FollowResult finish(long waitMillis) {
        stopping = true;
        Feed current = feed;
        if (current != null) {
            current.changes.stop(); // the reader ends; the supervisor drains the queue and returns
        }
        awaitSupervisor(waitMillis);
        if (current != null) {
            current.close();
        }
        boolean hookSet = false;
        long targetCount = -1;
        try (Connection to = targetConnections.open()) {
            hookSet = setWriteHook(to);
            targetCount = count(to, target);
        } catch (RuntimeException e) {
            keepFirstError(e);
        }
        long sourceCount = -1;
        try (Connection from = sourceConnections.open()) {
            sourceCount = count(from, source);
        } catch (RuntimeException e) {
            keepFirstError(e);
        }
        return new FollowResult(source, target, applied.get(), resyncs, sourceCount, targetCount, hookSet, error);
    }

    private void awaitSupervisor(long waitMillis) {
        Thread thread;
        synchronized (this) {
            thread = supervisor;
        }
        if (thread == null) {
            return;
        }
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive() && error == null) {
            error = "still busy when following stopped";
        }
    }

    private void keepFirstError(RuntimeException e) {
        if (error == null) {
            error = e.getMessage();
        }
    }

    private boolean setWriteHook(Connection to) {
        if (writeHook == null) {
            return false;
        }
        JsonNode function = writeHook.get("function");
        if (function == null || !function.isObject()) {
            throw new MigrateException(ErrorKind.SERVER, "write hook of " + target + " was not set: the source gave no function for it");
        }
        try {
            to.run(Term.db(target.db()).table(target.table()).setWriteHook(Term.datum(PseudoTypes.joinBase64Lines(function))));
            return true;
        } catch (ReqlServerException e) {
            throw new MigrateException(ErrorKind.SERVER, "write hook of " + target + " was not set: " + e.getMessage(), e);
        }
    }

    private static long count(Connection connection, TableId table) {
        return connection.run(Term.db(table.db()).table(table.table()).count()).asLong();
    }

    // ---------------------------------------------------------------- the supervisor thread

    private void supervise() {
        Feed current = feed;
        try {
            while (current != null) {
                current.startReading();
                String lost = applyUntilStoppedOrLost(current);
                current.close();
                if (lost == null) {
                    return;
                }
                busy = true;
                listener.notice(target, "change feed lost (" + lost + "); reopening it and copying " + source + " again");
                current = resync();
                feed = current;
                lastActivityNanos = System.nanoTime();
            }
        } catch (RuntimeException e) {
            error = e.getMessage();
            listener.notice(target, "stopped following: " + error);
            if (current != null) {
                current.close(); // a failed table holds no connection and does not keep the run from idling
            }
        } finally {
            busy = false;
        }
    }

    /** Applies the feed until it is stopped (null) or lost (why). */
    private String applyUntilStoppedOrLost(Feed current) {
        Connection to = null;
        try {
            while (true) {
                ChangeBatch batch = new ChangeBatch();
                RuntimeException ended = null;
                try {
                    if (!takeBatch(current.queue, batch)) {
                        if (stopping && current.queue.isDone()) {
                            return null;
                        }
                        continue;
                    }
                } catch (RuntimeException e) {
                    ended = e; // the feed ended; what was taken before is applied first
                }
                if (!batch.isEmpty()) {
                    to = to == null ? targetConnections.open() : to;
                    applied.addAndGet(applier.apply(to, batch));
                }
                if (ended != null) {
                    return stoppedOrLost(ended);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (MigrateException e) {
            if (e.kind() == ErrorKind.CONNECTION && !stopping) {
                return "target: " + e.getMessage();
            }
            throw e;
        } finally {
            if (to != null) {
                to.close();
            }
        }
    }

    /** Waits for a change, then takes those already waiting, up to a batch; false when none came in time. */
    private boolean takeBatch(BoundedQueue<ChangeBatch.Change> queue, ChangeBatch batch) throws InterruptedException {
        ChangeBatch.Change first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
            busy = false;
            return false;
        }
        busy = true;
        batch.add(first);
        while (batch.changes() < MAX_BATCH_CHANGES) {
            ChangeBatch.Change next = queue.poll(0, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return true;
    }

    /** A feed that ended: null when following stops, why when the feed was lost; anything else is thrown. */
    private String stoppedOrLost(RuntimeException ended) {
        if (stopping) {
            return null;
        }
        if (isLoss(ended)) {
            return "source: " + ended.getMessage();
        }
        throw ended;
    }

    private static boolean isLoss(RuntimeException e) {
        return e instanceof ChangeBatch.FeedGap || e instanceof MigrateException m && m.kind() == ErrorKind.CONNECTION;
    }

    /** A new feed, then the table copied again; retried with backoff while connections fail. */
    private Feed resync() {
        long backoffMillis = 500;
        MigrateException last = null;
        for (int attempt = 1; attempt <= MAX_RESYNC_ATTEMPTS && !stopping; attempt++) {
            try {
                return copyAgain();
            } catch (MigrateException e) {
                if (e.kind() != ErrorKind.CONNECTION) {
                    throw e;
                }
                last = e;
                listener.notice(target, "resync attempt " + attempt + " of " + MAX_RESYNC_ATTEMPTS + " failed: "
                        + e.getMessage());
                if (!pause(backoffMillis)) {
                    return null;
                }
                backoffMillis = Math.min(10_000, backoffMillis * 2);
            }
        }
        if (stopping) {
            return null;
        }
        throw new MigrateException(ErrorKind.CONNECTION, "table " + target + ": gave up after "
                + MAX_RESYNC_ATTEMPTS + " attempts to reopen its change feed"
                + (last == null ? "" : " (" + last.getMessage() + ")"), last);
    }

    /** Opens a new feed first (so that no change is missed), then copies the table again; closes the feed on failure. */
    private Feed copyAgain() {
        Feed next = new Feed();
        try (Connection from = sourceConnections.open(); Connection to = targetConnections.open()) {
            TableResync.Outcome outcome = new TableResync(source, target, primaryKey, applier.insertOptions(),
                    applier.deleteOptions()).run(from, to);
            resyncs++;
            listener.notice(target, "copied again (" + outcome.written() + " documents written, "
                    + outcome.deleted() + " deleted); following again");
            return next;
        } catch (MigrateException e) {
            next.close();
            throw e;
        } catch (IOException e) {
            next.close();
            throw new MigrateException(ErrorKind.INTERNAL, "table " + target + ": " + e.getMessage(), e);
        }
    }

    /** False when interrupted (then following stops). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---------------------------------------------------------------- one feed

    /** One change feed (TableFeed), read into a queue. */
    private final class Feed implements AutoCloseable, TableFeed.Sink {
        final TableFeed changes;
        final BoundedQueue<ChangeBatch.Change> queue = new BoundedQueue<>(QUEUE_BYTES);

        Feed() {
            changes = new TableFeed(sourceConnections, source);
        }

        void startReading() {
            changes.startReading("follow-feed-" + source, this);
        }

        @Override
        public void element(RawJson element) throws InterruptedException {
            ChangeBatch.Change change = ChangeBatch.parse(Json.parse(element), primaryKey);
            lastActivityNanos = System.nanoTime();
            if (change != null) {
                queue.put(change, element.length());
            }
        }

        @Override
        public void ended(RuntimeException failure) {
            if (!(failure instanceof BoundedQueue.Cancelled)) { // cancelled: the feed was given up
                queue.fail(failure == null ? new ChangeBatch.FeedGap("the server ended the change feed") : failure);
            }
        }

        @Override
        public void close() {
            queue.cancel();
            changes.close();
        }
    }
}
