package io.rethinkmigrate.engine.read;

import io.rethinkmigrate.engine.RetryPolicy;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.schedule.LargestFirstScheduler;
import io.rethinkmigrate.engine.schedule.TaskScheduler;
import io.rethinkmigrate.wire.GlobalOptions;

/**
 * How to dump.
 *
 * @param selection       which tables (`-e`)
 * @param clients         ranges read at once, each on its own connection (`--clients`, official default 3)
 * @param readOutdated    read from any replica, possibly outdated (`--read-outdated`)
 * @param targetPageBytes about how many bytes one read page holds (memory per reader: a server that
 *                        answers a page in one frame, as reqlite does, holds a page in memory at once)
 * @param scheduler       order and parallelism of the range tasks
 * @param retry           how readers survive lost connections
 * @param rangeBytes      a table bigger than this (estimated) is cut into key ranges of about this size,
 *                        read in parallel; 0 never cuts
 * @param maxBatchBytes   {@code max_batch_bytes} asked of the server for each cursor batch
 */
public record DumpOptions(Selection selection, int clients, boolean readOutdated, long targetPageBytes,
                          TaskScheduler scheduler, RetryPolicy retry, long rangeBytes, long maxBatchBytes) {
    public static final int DEFAULT_CLIENTS = 3;
    public static final long DEFAULT_PAGE_BYTES = 24L * 1024 * 1024;
    /** A bit under a page, so that a range usually comes back in a single page. */
    public static final long DEFAULT_RANGE_BYTES = DEFAULT_PAGE_BYTES * 3 / 4;
    /** Bigger batches than the server's 1 MiB default: fewer round trips, still bounded. */
    public static final long DEFAULT_MAX_BATCH_BYTES = 4L * 1024 * 1024;

    public DumpOptions {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1");
        }
    }

    public DumpOptions(Selection selection, int clients, boolean readOutdated, long targetPageBytes,
                       TaskScheduler scheduler) {
        this(selection, clients, readOutdated, targetPageBytes, scheduler, RetryPolicy.defaults(), DEFAULT_RANGE_BYTES,
                DEFAULT_MAX_BATCH_BYTES);
    }

    public static DumpOptions defaults() {
        return new DumpOptions(Selection.all(), DEFAULT_CLIENTS, false, DEFAULT_PAGE_BYTES, new LargestFirstScheduler());
    }

    public DumpOptions withSelection(Selection s) {
        return new DumpOptions(s, clients, readOutdated, targetPageBytes, scheduler, retry, rangeBytes, maxBatchBytes);
    }

    public DumpOptions withClients(int n) {
        return new DumpOptions(selection, n, readOutdated, targetPageBytes, scheduler, retry, rangeBytes, maxBatchBytes);
    }

    public DumpOptions withReadOutdated(boolean outdated) {
        return new DumpOptions(selection, clients, outdated, targetPageBytes, scheduler, retry, rangeBytes, maxBatchBytes);
    }

    public DumpOptions withRetry(RetryPolicy policy) {
        return new DumpOptions(selection, clients, readOutdated, targetPageBytes, scheduler, policy, rangeBytes, maxBatchBytes);
    }

    /** Pages and ranges of about this many bytes (ranges a bit smaller, so that one usually fits a page). */
    public DumpOptions withPageBytes(long bytes) {
        return new DumpOptions(selection, clients, readOutdated, bytes, scheduler, retry, bytes * 3 / 4, maxBatchBytes);
    }

    public DumpOptions withRangeBytes(long bytes) {
        return new DumpOptions(selection, clients, readOutdated, targetPageBytes, scheduler, retry, bytes, maxBatchBytes);
    }

    /** The global optargs of every read: raw TIME/BINARY, read mode, batch sizes. */
    GlobalOptions readOptions() {
        GlobalOptions read = GlobalOptions.none().rawFormats();
        if (readOutdated) {
            read = read.readMode("outdated");
        }
        return read.maxBatchBytes(maxBatchBytes).with("first_batch_scaledown_factor", 1);
    }
}
