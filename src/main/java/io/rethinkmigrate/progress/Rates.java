package io.rethinkmigrate.progress;

import java.util.Locale;

/** The arithmetic of progress displays: rates, corrected estimates, ETAs and their text. */
public final class Rates {
    private Rates() {
    }

    /** Count per second; 0 before any time has passed. */
    public static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0.0 : count * 1e9 / nanos;
    }

    /** An estimate (-1 unknown) corrected by the count: never below what is already done. */
    public static long corrected(long estimate, long done) {
        return estimate < 0 ? -1 : Math.max(estimate, done);
    }

    /** Whole seconds left at this rate (rounded up), 0 when nothing is left, -1 when unknown. */
    public static long etaSeconds(long done, long estimate, double rate) {
        if (estimate < 0) {
            return -1;
        }
        long remaining = Math.max(0, estimate - done);
        if (remaining == 0) {
            return 0;
        }
        if (rate <= 0 || Double.isNaN(rate)) {
            return -1;
        }
        return (long) Math.ceil(remaining / rate);
    }

    /** Percent done, 0..100 (100 only when all is done), -1 when unknown. */
    public static int percent(long done, long estimate) {
        if (estimate < 0) {
            return -1;
        }
        if (estimate == 0 || done >= estimate) {
            return 100;
        }
        return (int) Math.min(99, done * 100 / estimate);
    }

    /** Seconds as m:ss or h:mm:ss; "?" when unknown (negative). */
    public static String duration(long seconds) {
        if (seconds < 0) {
            return "?";
        }
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** Megabytes (10^6 bytes) with one decimal. */
    public static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** A rate as a whole number, e.g. "2400 docs/s". */
    public static String docsPerSecond(double rate) {
        return String.format(Locale.ROOT, "%.0f docs/s", rate);
    }
}
