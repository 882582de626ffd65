package io.rethinkmigrate.cli.progress;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressTracker;
import io.rethinkmigrate.progress.Rates;
import io.rethinkmigrate.progress.TableResult;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Draws progress on stderr as plain lines, for logs and pipes (no escape sequences): a line when a table
 * starts and ends, and a running total at most every few seconds. Stdout is left to data (a dump to
 * `-f -` writes the archive there).
 */
public final class StderrProgress extends TrackedProgress {
    public static final long INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream err;
    private final String verb;
    private long lastReport;

    public StderrProgress(PrintStream err, String verb) {
        this(err, verb, System::nanoTime);
    }

    public StderrProgress(PrintStream err, String verb, LongSupplier nanoClock) {
        super(nanoClock);
        this.err = err;
        this.verb = verb;
        this.lastReport = nanoClock.getAsLong();
    }

    @Override
    void started(TableId table, long estimatedDocuments) {
        err.println("  " + verb + " " + table + (estimatedDocuments >= 0 ? " (about " + estimatedDocuments + " documents)" : ""));
    }

    @Override
    void progressed() {
        long now = clock.getAsLong();
        if (now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            ProgressTracker.Total total = tracker.total();
            err.println(String.format(Locale.ROOT, "  ... %d%s documents, %s, %s, %d/%d tables done, ETA %s",
                    total.documents(), total.estimateComplete() ? " of about " + total.estimate() : "",
                    Rates.megabytes(total.bytes()), Rates.docsPerSecond(total.rate()), total.finishedTables(),
                    total.tables(), Rates.duration(total.etaSeconds())));
        }
    }

    @Override
    void finished(TableResult result) {
        err.println(TerminalProgress.finishedLine(result));
    }

    @Override
    void warned(String message) {
        err.println("warning: " + message);
    }
}
