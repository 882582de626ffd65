package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.engine.copy.TableFeed;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Cursor;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import io.rethinkmigrate.wire.TermType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Backs up one table: opens its change feed, has a reader append every change to the log, and only then
 * takes a base (so that no change after the base's start is missed); takes a new base when asked
 * ({@code --base-every}). A lost feed (connection, server restart, the server's feed queue overflowing) is
 * recorded as a gap from the last change received, and the table starts again, feed first, with backoff.
 */
final class TableBackup {
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final TableId table;
    private final BackupRunner run;
    private final byte[] tablePart;
    private volatile boolean stopping;
    private volatile boolean rebase;
    private Thread thread;

    TableBackup(TableId table, BackupRunner run) {
        this.table = table;
        this.run = run;
        this.tablePart = LogRecords.tablePart(table);
    }

    TableId table() {
        return table;
    }

    void start() {
        thread = new Thread(this::supervise, "backup-" + table);
        thread.setDaemon(true);
        thread.start();
    }

    void requestBase() {
        rebase = true;
    }

    /** Asks the table to stop: the feed is closed, a base in progress is abandoned (its partial file removed). */
    void halt() {
        stopping = true;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    void join(long millis) {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void supervise() {
        long backoff = 500;
        while (!stopping) {
            Feed feed = null;
            try {
                feed = new Feed();
                feed.startReading();
                takeBase();
                backoff = 500;
                followUntilLost(feed);
            } catch (RuntimeException | IOException | InterruptedException e) {
                if (stopping) {
                    break;
                }
                if (!run.tableExists(table)) {
                    run.dropped(table);
                    break;
                }
                long from = feed == null ? run.log().now() : feed.knownCompleteUntil();
                run.log().control(LogRecords.control(LogRecords.GAP, table).put("from", from).put("reason", describe(e)));
                run.listener().notice(table, "change feed lost (" + describe(e) + "); a new base follows in "
                        + backoff + " ms");
                if (!sleep(backoff)) {
                    break;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            } finally {
                if (feed != null) {
                    feed.close();
                }
            }
        }
    }

    private void followUntilLost(Feed feed) throws IOException, InterruptedException {
        while (!stopping) {
            RuntimeException lost = feed.failure;
            if (lost != null) {
                throw lost;
            }
            if (rebase) {
                rebase = false;
                takeBase();
            }
            Thread.sleep(100);
        }
    }

    /** base_started, the table's metadata, the base itself, base_completed (or base_failed). */
    private void takeBase() throws IOException, InterruptedException {
        Path file = run.layout().baseFile(table, run.log().now());
        String name = run.layout().relative(file);
        long started = run.log().control(LogRecords.control(LogRecords.BASE_STARTED, table).put("base", name));
        try (Connection control = run.connections().open()) {
            run.recordMeta(control, table, true);
        }
        try {
            BaseWriter.Written written = run.acquireBase(() -> new BaseWriter(run.connections(), run.options()).write(table, file, started));
            run.log().control(LogRecords.control(LogRecords.BASE_COMPLETED, table).put("base", name)
                    .put("sha256", written.sha256()).put("documents", written.documents()));
            run.listener().baseCompleted(table, name, written.documents());
        } catch (RuntimeException | IOException e) {
            run.log().control(LogRecords.control(LogRecords.BASE_FAILED, table).put("base", name).put("error", describe(e)));
            throw e;
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** One change feed (TableFeed), read into the log. */
    private final class Feed implements AutoCloseable, TableFeed.Sink {
        final TableFeed changes;
        final long openedAt;
        volatile long lastReceived = -1;
        volatile RuntimeException failure;

        Feed() {
            changes = new TableFeed(run.connections(), table);
            openedAt = run.log().now();
        }

        /** Up to when every change is known to be in the log: the last change received, or the feed's opening. */
        long knownCompleteUntil() {
            return Math.max(openedAt, lastReceived);
        }

        void startReading() {
            changes.startReading("backup-feed-" + table, this);
        }

        @Override
        public void element(RawJson element) {
            JsonNode parsed = Json.parse(element);
            if (parsed.has("error")) {
                throw new MigrateException(ErrorKind.SERVER, "the server dropped changes: " + parsed.get("error").asText());
            }
            if (parsed.has("state")) {
                return;
            }
            lastReceived = run.log().change(tablePart, element);
            run.changeReceived();
        }

        @Override
        public void ended(RuntimeException lost) {
            failure = lost != null ? lost : new MigrateException(ErrorKind.CONNECTION, "the server ended the change feed");
        }

        @Override
        public void close() {
            changes.close();
        }
    }
}
