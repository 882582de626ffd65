package io.rethinkmigrate.engine.write;

import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.RetryPolicy;
import io.rethinkmigrate.engine.schedule.TaskFailures;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The connections of one restore: a control connection (catalog, table creation, indexes) and one
 * writer per insert client. A connection found broken (a dropped link, a server restart) is replaced
 * from the factory when next asked for, trying again with the retry policy's backoff while the
 * server cannot be reached, so that the run goes on where it was instead of dying with the socket.
 */
public final class RestoreConnections implements AutoCloseable {
    private final ConnectionFactory factory;
    private final RetryPolicy retry;
    private final ProgressWarnings warnings;
    private Connection control;
    private final List<Connection> writers = new ArrayList<>();

    /** Where to say that a connection was reopened (the listener's warning, or nothing). */
    @FunctionalInterface
    public interface ProgressWarnings {
        void warn(String message);
    }

    public RestoreConnections(ConnectionFactory factory, RetryPolicy retry, ProgressWarnings warnings) {
        this.factory = factory;
        this.retry = retry;
        this.warnings = warnings;
    }

    /** The control connection, opened the first time (no retry: an unreachable server fails at once). */
    public synchronized Connection control() throws InterruptedException {
        if (control == null) {
            control = factory.open();
        } else if (!control.isOpen()) {
            control = reopen(control, "control connection");
        }
        return control;
    }

    /** Opens the writers (once, at the start). */
    public synchronized void openWriters(int count) throws InterruptedException {
        int missing = count - writers.size();
        if (missing <= 0) {
            return;
        }
        // each handshake derives its key (SCRAM's 4,096 HMAC rounds): a CPU cost worth spreading over cores
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(missing, Runtime.getRuntime().availableProcessors()));
        List<Future<Connection>> opening = new ArrayList<>();
        try {
            for (int i = 0; i < missing; i++) {
                opening.add(pool.submit(factory::open));
            }
            RuntimeException failure = null;
            for (Future<Connection> f : opening) {
                try {
                    writers.add(f.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = TaskFailures.unchecked(e.getCause());
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (InterruptedException e) {
            opening.forEach(f -> f.cancel(true));
            throw e;
        } finally {
            pool.shutdown();
        }
    }

    public synchronized int writerCount() {
        return writers.size();
    }

    /** Writer {@code index}, replaced first if it broke. */
    Connection writer(int index) throws InterruptedException {
        Connection current;
        synchronized (this) {
            current = writers.get(index);
            if (current.isOpen()) {
                return current;
            }
        }
        Connection fresh = reopen(current, "writer connection " + (index + 1));
        synchronized (this) {
            Connection now = writers.get(index);
            if (now != current && now.isOpen()) { // another thread replaced it meanwhile
                fresh.close();
                return now;
            }
            writers.set(index, fresh);
            return fresh;
        }
    }

    private Connection reopen(Connection broken, String what) throws InterruptedException {
        broken.close();
        MigrateException last = null;
        for (int attempt = 1; attempt <= Math.max(1, retry.retries()); attempt++) {
            Thread.sleep(retry.backoff(attempt).toMillis());
            try {
                Connection fresh = factory.open();
                warnings.warn("reconnected to " + fresh.endpoint() + " (" + what + ")");
                return fresh;
            } catch (MigrateException e) {
                if (e.kind() != ErrorKind.CONNECTION) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    @Override
    public synchronized void close() {
        for (Connection writer : writers) {
            writer.close();
        }
        if (control != null) {
            control.close();
        }
    }
}
