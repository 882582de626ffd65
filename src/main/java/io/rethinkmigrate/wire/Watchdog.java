package io.rethinkmigrate.wire;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that watches every connection: the liveness checks of open connections and
 * the deadlines of connections being opened. Its tasks only look at clocks, close sockets and hand
 * writes to other threads, so none of them can block it.
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = createTimer();

    private Watchdog() {
    }

    private static ScheduledThreadPoolExecutor createTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "rethinkdb-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return timer;
    }

    /** Runs {@code task} every {@code periodMillis}; a task that throws is not run again, so tasks must not. */
    static ScheduledFuture<?> every(long periodMillis, Runnable task) {
        return TIMER.scheduleWithFixedDelay(guarded(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} once, after {@code delayMillis}. */
    static ScheduledFuture<?> after(long delayMillis, Runnable task) {
        return TIMER.schedule(guarded(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    /** A failing check must not end the periodic task (nor kill the thread): it is tried again next time. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // next round; the connection's own failure handling reports real trouble
            }
        };
    }
}
