package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.engine.Catalog;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.dump.Dumper;
import io.rethinkmigrate.engine.read.TableMetadata;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * `backup`: runs until {@link #requestStop()}. Each selected table is backed up by a {@link TableBackup}
 * (feed first, then a base, then every change); the main loop seals the open segment every
 * {@code --segment-seconds}, looks for created and dropped tables and changed indexes and write hooks every
 * {@code --poll-seconds}, asks every table for a new base every {@code --base-every} and applies
 * {@code --keep} after each seal. On stop the tables stop and the open segment is sealed.
 */
public final class BackupRunner {
    /** What a run did. */
    public record Result(long segments, long changes, long bases) {
    }

    private final ConnectionFactory connections;
    private final BackupOptions options;
    private final BackupListener listener;
    private final Map<TableId, TableBackup> tables = new LinkedHashMap<>();
    private final Map<TableId, String> metas = new ConcurrentHashMap<>();
    private final Semaphore baseSlot = new Semaphore(1);
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong segments = new AtomicLong();
    private final AtomicLong bases = new AtomicLong();
    private final Object wake = new Object();
    private volatile boolean stopRequested;
    private BackupLayout layout;
    private BackupLog log;

    public BackupRunner(ConnectionFactory connections, BackupOptions options, BackupListener listener) {
        this.connections = connections;
        this.options = options;
        this.listener = listener == null ? BackupListener.NONE : listener;
    }

    /** Asks {@link #run} to stop (another thread: a signal handler). */
    public void requestStop() {
        stopRequested = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Backs up into {@code dir} until stopped; {@code source} names the server in the directory's marker. */
    public Result run(Path dir, String source) throws IOException, InterruptedException {
        layout = BackupLayout.create(dir, source);
        try (FileChannel lockFile = FileChannel.open(dir.resolve("backup.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new MigrateException(ErrorKind.TARGET_EXISTS, dir + ": another backup is writing to it");
            }
            List<SealedSegment> before = SegmentReader.sealed(layout);
            long notBefore = before.isEmpty() ? 0 : before.get(before.size() - 1).end() + 1;
            log = new BackupLog(layout, notBefore, this::sealed);
            try {
                log.control(LogRecords.control(LogRecords.RUN_STARTED, null).put("source", source));
                startTables();
                loop();
            } finally {
                stopTables();
                log.close();
            }
        }
        return new Result(segments.get(), changes.get(), bases.get());
    }

    private void startTables() {
        try (Connection control = connections.open()) {
            for (TableId table : Dumper.selectedTables(control, options.dump().selection())) {
                startTable(table);
            }
        }
    }

    private void loop() throws InterruptedException {
        long now = System.nanoTime();
        long nextSeal = now + options.segment().toNanos();
        long nextPoll = now + options.poll().toNanos();
        long nextBase = now + options.baseEvery().toNanos();
        while (!stopRequested) {
            synchronized (wake) {
                wake.wait(100);
            }
            now = System.nanoTime();
            if (now >= nextSeal) {
                log.seal();
                applyRetention();
                nextSeal = now + options.segment().toNanos();
            }
            if (now >= nextPoll) {
                poll();
                nextPoll = now + options.poll().toNanos();
            }
            if (now >= nextBase) {
                snapshot().forEach(TableBackup::requestBase);
                nextBase = now + options.baseEvery().toNanos();
            }
        }
    }

    /** Tables created or dropped since the last look, and changed indexes or write hooks. */
    private void poll() {
        try (Connection control = connections.open()) {
            List<TableId> now = Catalog.read(control).tables(options.dump().selection());
            for (TableBackup running : snapshot()) {
                if (!now.contains(running.table())) {
                    dropped(running.table());
                }
            }
            for (TableId table : now) {
                boolean known;
                synchronized (tables) {
                    known = tables.containsKey(table);
                }
                if (!known) {
                    log.control(LogRecords.control(LogRecords.TABLE_CREATED, table));
                    listener.notice(table, "table created; backing it up");
                    startTable(table);
                } else {
                    recordMeta(control, table, false);
                }
            }
        } catch (MigrateException e) {
            listener.notice(null, "looking for table changes failed (tried again in " + options.poll().toSeconds()
                    + " s): " + e.getMessage());
        }
    }

    private void startTable(TableId table) {
        TableBackup backup = new TableBackup(table, this);
        synchronized (tables) {
            tables.put(table, backup);
        }
        backup.start();
    }

    private void stopTables() {
        List<TableBackup> all = snapshot();
        all.forEach(TableBackup::halt);
        all.forEach(t -> t.join(15_000));
    }

    private List<TableBackup> snapshot() {
        synchronized (tables) {
            return new ArrayList<>(tables.values());
        }
    }

    private void sealed(SealedSegment segment) {
        segments.incrementAndGet();
        listener.sealed(segment.file().getFileName().toString(), segment.records(), changes.get());
    }

    private void applyRetention() {
        if (options.keep() == null) {
            return;
        }
        try {
            long keepFrom = System.currentTimeMillis() - options.keep().toMillis();
            for (String removed : Retention.apply(BackupHistory.read(layout), keepFrom)) {
                listener.notice(null, "removed " + removed + " (--keep " + options.keep().toSeconds() + " s)");
            }
        } catch (IOException | RuntimeException e) {
            listener.notice(null, "retention failed (tried again after the next seal): " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- what the tables use

    BackupLog log() {
        return log;
    }

    BackupLayout layout() {
        return layout;
    }

    BackupListener listener() {
        return listener;
    }

    ConnectionFactory connections() {
        return connections;
    }

    BackupOptions options() {
        return options;
    }

    void changeReceived() {
        changes.incrementAndGet();
    }

    interface BaseJob {
        BaseWriter.Written run() throws IOException, InterruptedException;
    }

    /** Bases are taken one table at a time (each read by --clients connections): the feeds keep recording meanwhile. */
    BaseWriter.Written acquireBase(BaseJob job) throws IOException, InterruptedException {
        baseSlot.acquire();
        try {
            BaseWriter.Written written = job.run();
            bases.incrementAndGet();
            return written;
        } finally {
            baseSlot.release();
        }
    }

    boolean tableExists(TableId table) {
        try (Connection control = connections.open()) {
            return Catalog.read(control).hasTable(table);
        } catch (RuntimeException e) {
            return true; // cannot tell: try again
        }
    }

    /** The table is gone: recorded once, its backup stopped. */
    void dropped(TableId table) {
        TableBackup backup;
        synchronized (tables) {
            backup = tables.remove(table);
        }
        if (backup != null) {
            metas.remove(table);
            log.control(LogRecords.control(LogRecords.TABLE_DROPPED, table));
            listener.notice(table, "table dropped");
            backup.halt();
        }
    }

    /** Records the table's primary key, indexes and write hook when they changed (or always, {@code force}). */
    void recordMeta(Connection control, TableId table, boolean force) {
        JsonNode meta = meta(TableMetadata.read(control, table));
        String text = Json.write(meta);
        String before = metas.put(table, text);
        if (force || !text.equals(before)) {
            log.control(LogRecords.control(LogRecords.META, table).set("meta", meta));
        }
    }

    /** What a restore needs of a table's metadata: the index definitions without their build state, the hook. */
    static ObjectNode meta(TableInfo info) {
        ObjectNode meta = Json.mapper().createObjectNode();
        meta.put("primary_key", info.primaryKey());
        var indexes = meta.putArray("indexes");
        for (JsonNode index : info.raw().path("indexes")) {
            if (index.isObject()) {
                ObjectNode kept = index.deepCopy();
                kept.remove(List.of("ready", "outdated", "progress"));
                indexes.add(kept);
            }
        }
        meta.set("write_hook", info.raw().path("write_hook").isMissingNode() ? Json.mapper().nullNode()
                : info.raw().get("write_hook"));
        return meta;
    }
}
