package io.rethinkmigrate.engine;

/**
 * How a reader survives lost connections: {@code attempts} reconnections in a row without progress,
 * waiting {@code firstDelayMillis}, then twice as long each time, at most {@code maxDelayMillis}.
 */
public record RetryPolicy(int attempts, long firstDelayMillis, long maxDelayMillis) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, 500, 10_000);
    public static final RetryPolicy NONE = new RetryPolicy(0, 0, 0);

    public RetryPolicy {
        if (attempts < 0 || firstDelayMillis < 0 || maxDelayMillis < firstDelayMillis) {
            throw new IllegalArgumentException("bad retry policy");
        }
    }

    /** The wait before the {@code failure}-th reconnection (1-based). */
    long delayMillis(int failure) {
        long delay = firstDelayMillis;
        for (int i = 1; i < failure && delay < maxDelayMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxDelayMillis);
    }
}
