package io.rethinkmigrate.cli;

import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.cli.options.RunOptions;
import io.rethinkmigrate.cli.progress.SummaryPrinter;
import io.rethinkmigrate.engine.dump.Dumper;
import io.rethinkmigrate.progress.RunSummary;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * On Ctrl-C (or any JVM shutdown) before the work is committed, closes the resource so that it removes
 * what it wrote: an interrupted dump must not leave an archive that looks complete.
 */
final class AbortOnInterrupt implements AutoCloseable {
    private final Thread hook;
    private volatile boolean committed;

    AbortOnInterrupt(Closeable resource) {
        this.hook = new Thread(() -> {
            if (!committed) {
                try {
                    resource.close();
                } catch (Exception ignored) {
                    // shutting down: nothing more can be reported
                }
            }
        }, "abort-on-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Opens the writer of a dump; {@code stdout} is null unless it writes to standard output. */
    interface WriterOpener {
        ArchiveWriter open(OutputStream stdout) throws IOException;
    }

    /**
     * The writing part of `dump` and `export`: {@code starting} (unless -q), the dump into the writer
     * opened, the summary to the report and then (unless -q) to stderr under {@code done}. The writer
     * counts as committed only once the report has the summary.
     */
    static RunSummary dump(Dumper dumper, boolean toStdout, WriterOpener opener, RunOptions run, String starting,
                           String done) throws IOException, InterruptedException {
        PrintStream err = System.err;
        OutputStream stdout = toStdout ? new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16) : null;
        try (ArchiveWriter writer = opener.open(stdout);
             AbortOnInterrupt guard = new AbortOnInterrupt(writer)) {
            if (!run.quiet()) {
                err.println(starting);
            }
            RunSummary summary = dumper.dump(writer);
            run.report.summary(summary);
            guard.committed();
            if (!run.quiet()) {
                SummaryPrinter.print(err, done, summary);
            }
            return summary;
        } finally {
            if (stdout != null) {
                stdout.flush();
            }
        }
    }

    void committed() {
        committed = true;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs or has run
        }
    }
}
