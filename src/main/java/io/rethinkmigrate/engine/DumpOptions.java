package io.rethinkmigrate.engine;

/**
 * How to dump.
 *
 * @param selection       which tables (`-e`)
 * @param clients         tables read at once (`--clients`, official default 3)
 * @param readOutdated    read from any replica, possibly outdated (`--read-outdated`)
 * @param targetPageBytes about how many bytes one read page holds (memory per table reader)
 * @param scheduler       order and parallelism of the table tasks
 */
public record DumpOptions(Selection selection, int clients, boolean readOutdated, long targetPageBytes,
                          TaskScheduler scheduler) {
    public static final int DEFAULT_CLIENTS = 3;
    public static final long DEFAULT_PAGE_BYTES = 16L * 1024 * 1024;

    public DumpOptions {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1");
        }
    }

    public static DumpOptions defaults() {
        return new DumpOptions(Selection.all(), DEFAULT_CLIENTS, false, DEFAULT_PAGE_BYTES, new LargestFirstScheduler());
    }

    public DumpOptions withSelection(Selection s) {
        return new DumpOptions(s, clients, readOutdated, targetPageBytes, scheduler);
    }

    public DumpOptions withClients(int n) {
        return new DumpOptions(selection, n, readOutdated, targetPageBytes, scheduler);
    }

    public DumpOptions withReadOutdated(boolean outdated) {
        return new DumpOptions(selection, clients, outdated, targetPageBytes, scheduler);
    }
}
