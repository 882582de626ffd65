package io.rethinkmigrate.engine.copy;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.restore.Renaming;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ForwardingProgressListener;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.TableResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `copy --follow`: keeps the target tables up to date with the source after the initial copy, from each
 * table's change feed, until stopped ({@link #requestStop()}, Ctrl-C) or until no change came for a while.
 *
 * <p>It is the {@link LiveSourceReader.TableHook} of the copy: before a table is read its feed is opened
 * ({@link TableFollow}); once the restorer reports the table finished ({@link #startingTablesAsCopied}),
 * the feed is applied. The write hook is left
 * out of what the restorer sets (a hook on the target would rewrite the documents the feed replicates,
 * which the source's hook already rewrote) and set when following stops.
 */
public final class ChangeFollower implements LiveSourceReader.TableHook, AutoCloseable {
    /** How long a table may take to apply what it received once told to stop. */
    static final long FINISH_WAIT_MILLIS = 60_000;

    private final ConnectionFactory source;
    private final ConnectionFactory target;
    private final Renaming renaming;
    private final boolean hardDurability;
    private final FollowListener listener;
    private final Map<TableId, TableFollow> tables = new LinkedHashMap<>();
    private final Object wake = new Object();
    private volatile boolean stopRequested;
    private List<FollowResult> results;

    public ChangeFollower(ConnectionFactory source, ConnectionFactory target, Renaming renaming, boolean hardDurability,
                          FollowListener listener) {
        this.source = source;
        this.target = target;
        this.renaming = renaming == null ? Renaming.none() : renaming;
        this.hardDurability = hardDurability;
        this.listener = listener == null ? FollowListener.NONE : listener;
    }

    @Override
    public TableEntry beforeCopy(TableEntry entry) {
        TableInfo info = entry.info();
        TableFollow follow = new TableFollow(entry.table(), renaming.target(entry.table()), info.primaryKey(),
                info.writeHook(), source, target, hardDurability, listener);
        follow.openFeed();
        synchronized (tables) {
            tables.put(entry.table(), follow);
        }
        if (info.writeHook() == null) {
            return entry;
        }
        ObjectNode withoutHook = info.raw().deepCopy();
        withoutHook.set("write_hook", NullNode.getInstance());
        return new TableEntry(entry.table(), new TableInfo(withoutHook));
    }

    /**
     * The restore's progress, and each table's feed applied once the restorer reports that table finished.
     * Not earlier, when its last document has been read: the copy's last batches may then still be on
     * their way, and a change applied before them would be refused by them as a duplicate key (or, were
     * the copy to replace, overwritten by the older copy).
     */
    public ProgressListener startingTablesAsCopied(ProgressListener progress) {
        return new ForwardingProgressListener(progress) {
            @Override
            public void tableFinished(TableResult result) {
                super.tableFinished(result);
                tableCopied(result.table());
            }
        };
    }

    /** Starts applying the feed of the table copied to {@code target}, if it is followed and not started yet. */
    void tableCopied(TableId target) {
        snapshot().stream().filter(follow -> follow.target().equals(target)).forEach(TableFollow::start);
    }

    /** Starts every table not started yet: called once the copy is over, whatever it reported. */
    public void startAll() {
        snapshot().forEach(TableFollow::start);
    }

    /** Asks {@link #follow} to stop (from another thread, e.g. on Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /**
     * Follows until {@link #requestStop()} or, when {@code untilIdle} is given, until no change arrived for
     * that long and nothing waits; reports the lag every {@code reportEvery}. Then stops every table and
     * returns what each ended with.
     */
    public List<FollowResult> follow(Duration untilIdle, Duration reportEvery) throws InterruptedException {
        long nextReport = System.nanoTime() + reportEvery.toNanos();
        while (!stopRequested) {
            synchronized (wake) {
                wake.wait(100);
            }
            long now = System.nanoTime();
            if (now >= nextReport) {
                reportLag();
                nextReport = now + reportEvery.toNanos();
            }
            if (untilIdle != null && idleFor(now) >= untilIdle.toNanos()) {
                break;
            }
        }
        return finish();
    }

    /** How long every table has been idle, 0 when one is busy. */
    private long idleFor(long now) {
        long latest = Long.MIN_VALUE;
        for (TableFollow follow : snapshot()) {
            if (!follow.idle()) {
                return 0;
            }
            latest = Math.max(latest, follow.lastActivityNanos());
        }
        return latest == Long.MIN_VALUE ? Long.MAX_VALUE : now - latest;
    }

    private void reportLag() {
        long waiting = 0;
        double behind = 0;
        long applied = 0;
        long resyncs = 0;
        List<TableFollow> all = snapshot();
        for (TableFollow follow : all) {
            waiting += follow.waiting();
            behind = Math.max(behind, follow.secondsBehind());
            applied += follow.applied();
            resyncs += follow.resyncs();
        }
        listener.lag(all.size(), waiting, behind, applied, resyncs);
    }

    /** Stops every table (once) and returns their results. */
    public synchronized List<FollowResult> finish() {
        if (results == null) {
            List<FollowResult> out = new ArrayList<>();
            for (TableFollow follow : snapshot()) {
                out.add(follow.finish(FINISH_WAIT_MILLIS));
            }
            results = List.copyOf(out);
        }
        return results;
    }

    /** Stops whatever is still following (after a failed copy). */
    @Override
    public void close() {
        finish();
    }

    private List<TableFollow> snapshot() {
        synchronized (tables) {
            return new ArrayList<>(tables.values());
        }
    }
}
