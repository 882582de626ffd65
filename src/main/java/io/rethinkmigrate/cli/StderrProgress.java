package io.rethinkmigrate.cli;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.TableResult;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Draws progress on stderr as plain lines: a line when a table starts and ends, and a running total at
 * most every few seconds. Stdout is left to data (a dump to `-f -` writes the archive there).
 */
final class StderrProgress implements ProgressListener {
    private static final long INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream err;
    private final String verb;
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final long started = System.nanoTime();
    private volatile long lastReport = System.nanoTime();

    StderrProgress(PrintStream err, String verb) {
        this.err = err;
        this.verb = verb;
    }

    @Override
    public void tableStarted(TableId table, long estimatedDocuments) {
        err.println("  " + verb + " " + table + (estimatedDocuments >= 0 ? " (about " + estimatedDocuments + " documents)" : ""));
    }

    @Override
    public void documentsDone(TableId table, long docs, long size) {
        long total = documents.addAndGet(docs);
        long totalBytes = bytes.addAndGet(size);
        long now = System.nanoTime();
        if (now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            double seconds = (now - started) / 1e9;
            err.printf("  ... %d documents, %s, %.0f documents/s%n", total, Sizes.human(totalBytes), total / seconds);
        }
    }

    @Override
    public void tableFinished(TableResult result) {
        if (result.status() == TableResult.Status.FAILED) {
            err.println("  failed " + result.table() + ": " + result.error());
        } else if (result.status() == TableResult.Status.INCOMPLETE) {
            err.printf("  incomplete %s: %d documents, but %s%n", result.table(), result.documents(), result.error());
        } else {
            err.printf("  done %s: %d documents, %s, %.1f s%n", result.table(), result.documents(),
                    Sizes.human(result.bytes()), result.elapsed().toMillis() / 1000.0);
        }
    }

    @Override
    public void warning(String message) {
        err.println("warning: " + message);
    }
}
