package io.rethinkmigrate.engine.schedule;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;

/** What a task run on another thread failed with, as the caller rethrows it. */
public final class TaskFailures {
    private TaskFailures() {
    }

    /**
     * The cause of an {@link java.util.concurrent.ExecutionException} as an unchecked exception to throw: a
     * runtime exception as it is, an error thrown at once, an I/O failure as {@link ErrorKind#IO}, a task
     * interrupted (the run being stopped) as {@link ErrorKind#INTERRUPTED}, anything else as
     * {@link ErrorKind#INTERNAL}.
     */
    public static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        if (cause instanceof java.io.IOException io) {
            return new MigrateException(ErrorKind.IO, String.valueOf(io.getMessage()), io);
        }
        if (cause instanceof InterruptedException interrupted) {
            return new MigrateException(ErrorKind.INTERRUPTED, "interrupted: " + interrupted.getMessage(), interrupted);
        }
        return new MigrateException(ErrorKind.INTERNAL, String.valueOf(cause.getMessage()), cause);
    }
}
