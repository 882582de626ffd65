package io.rethinkmigrate.engine.restore;

import io.rethinkmigrate.engine.schedule.TaskFailures;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.progress.TableResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finishes restored tables (the last acknowledgements, then indexes, hook and settings) on a thread of its
 * own while the next table is read and sent: the tail of a table's inserts and the build of its indexes no
 * longer hold up the tables after it. One table at a time, in archive order: {@link #submit} is refused
 * until the previous one is {@link #collect collected}.
 */
final class TableFinisher implements AutoCloseable {
    /** A finished table and the warnings it gave. */
    record Finished(TableResult result, List<String> warnings) {
    }

    /** Finishing one table: throws what must stop the run. */
    @FunctionalInterface
    interface Step {
        Finished run() throws InterruptedException;
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "restore-finisher");
        t.setDaemon(true);
        return t;
    });
    private Future<Finished> pending;

    void submit(Step step) {
        if (pending != null) {
            throw new IllegalStateException("the previous table was not collected");
        }
        pending = thread.submit(step::run);
    }

    /** Waits for the table submitted last, if any: its outcome, or the failure that stops the run. */
    Optional<Finished> collect() throws InterruptedException {
        if (pending == null) {
            return Optional.empty();
        }
        Future<Finished> finishing = pending;
        pending = null;
        try {
            return Optional.of(finishing.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException) {
                throw new MigrateException(ErrorKind.INTERRUPTED, "interrupted while finishing a table", e.getCause());
            }
            throw TaskFailures.unchecked(e.getCause());
        }
    }

    /**
     * When the run stops early: lets a table still finishing end (its connections are about to close), or
     * interrupts it when this thread is interrupted (Ctrl-C), then stops the thread.
     */
    @Override
    public void close() {
        if (pending != null) {
            try {
                pending.get();
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // the run is already stopping with its own error
            }
            pending = null;
        }
        thread.shutdownNow();
    }
}
