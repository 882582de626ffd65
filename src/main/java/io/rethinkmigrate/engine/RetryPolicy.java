package io.rethinkmigrate.engine;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.ErrorType;
import io.rethinkmigrate.wire.ReqlServerException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a restore rides out a dropped connection, a restarting server or a table that is briefly
 * unavailable: up to {@code retries} more attempts of the same write, waiting {@code firstBackoff},
 * then twice as long each time (at most {@code maxBackoff}, with some jitter so that the writers of
 * one run do not all come back at the same instant).
 *
 * <p>Which failures are worth another attempt is decided by type, never by message text: a broken
 * or refused connection ({@link ErrorKind#CONNECTION}), and the server's OP_FAILED and
 * OP_INDETERMINATE runtime errors (a primary replica not available, a write whose outcome is
 * unknown). Everything else (a refused document, a bad query, a permission) fails at once.
 */
public record RetryPolicy(int retries, Duration firstBackoff, Duration maxBackoff) {
    public static final int DEFAULT_RETRIES = 5;
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(15);

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("bad backoff");
        }
    }

    /** Fail at once: no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_RETRIES, DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    public static RetryPolicy retries(int retries) {
        return new RetryPolicy(retries, DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** True when another attempt may succeed where this one failed. */
    public static boolean isTransient(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ReqlServerException server) {
            return server.errorType() == ErrorType.OP_FAILED || server.errorType() == ErrorType.OP_INDETERMINATE;
        }
        return e instanceof MigrateException m && m.kind() == ErrorKind.CONNECTION;
    }

    /** How long to wait before attempt {@code attempt} (1 = the first retry). */
    public Duration backoff(int attempt) {
        long first = Math.max(1, firstBackoff.toMillis());
        long millis = first << Math.min(20, Math.max(0, attempt - 1));
        millis = Math.min(millis, maxBackoff.toMillis());
        // up to a quarter less, so that the writers of a run spread out
        long jitter = millis / 4 == 0 ? 0 : ThreadLocalRandom.current().nextLong(millis / 4 + 1);
        return Duration.ofMillis(millis - jitter);
    }

    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
