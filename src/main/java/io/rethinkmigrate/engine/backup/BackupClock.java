package io.rethinkmigrate.engine.backup;

/**
 * The received time of log records: wall-clock milliseconds taken once, advanced by the monotonic clock,
 * and never going backwards (a wall clock stepped back by NTP would otherwise reorder the log). It never
 * starts before the end of what an earlier run sealed, so times stay ordered across runs.
 */
final class BackupClock {
    private final long wallAtStart;
    private final long nanoAtStart;
    private long last;

    BackupClock(long notBefore) {
        this.wallAtStart = Math.max(System.currentTimeMillis(), notBefore);
        this.nanoAtStart = System.nanoTime();
        this.last = wallAtStart;
    }

    /** Milliseconds since the epoch, never less than the previous answer. */
    synchronized long now() {
        long t = wallAtStart + (System.nanoTime() - nanoAtStart) / 1_000_000;
        if (t < last) {
            t = last;
        }
        last = t;
        return t;
    }
}
