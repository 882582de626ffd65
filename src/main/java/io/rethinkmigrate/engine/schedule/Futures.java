package io.rethinkmigrate.engine.schedule;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The result of a task run on a pool, its failure thrown as the task threw it (not wrapped). */
public final class Futures {
    private Futures() {
    }

    /**
     * Waits for {@code future}; an IOException or RuntimeException of the task is thrown as it is, anything
     * else as an INTERNAL error naming {@code what} the task was doing.
     */
    public static <T> T get(Future<T> future, String what) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new MigrateException(ErrorKind.INTERNAL, what + ": " + cause, cause);
        }
    }
}
