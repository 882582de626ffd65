package io.rethinkmigrate.cli.progress;

import io.rethinkmigrate.engine.backup.BackupListener;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.TableResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What `backup` shows on stderr (one line per event: bases, sealed segments, notices; nothing with -q) and
 * passes to the report: each completed base as a table result, each notice as a warning.
 */
public final class BackupProgress implements BackupListener {
    private final PrintStream err;
    private final boolean quiet;
    private final ProgressListener report;
    private final List<TableResult> bases = new ArrayList<>();

    public BackupProgress(PrintStream err, boolean quiet, ProgressListener report) {
        this.err = err;
        this.quiet = quiet;
        this.report = report;
    }

    @Override
    public void notice(TableId table, String message) {
        String line = (table == null ? "" : table + ": ") + message;
        report.warning(line);
        print(line);
    }

    @Override
    public synchronized void baseCompleted(TableId table, String file, long documents) {
        TableResult result = TableResult.done(table, documents, 0, 0, false, Duration.ZERO);
        bases.add(result);
        report.tableFinished(result);
        print(table + ": base " + file + " complete (" + documents + " documents)");
    }

    @Override
    public void sealed(String file, long records, long changesSinceStart) {
        print("sealed " + file + ": " + records + " record(s); " + changesSinceStart + " change(s) since the start");
    }

    public synchronized List<TableResult> bases() {
        return new ArrayList<>(bases);
    }

    private void print(String line) {
        if (!quiet) {
            synchronized (err) {
                err.println(line);
            }
        }
    }
}
