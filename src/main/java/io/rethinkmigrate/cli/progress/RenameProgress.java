package io.rethinkmigrate.cli.progress;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ForwardingProgressListener;
import io.rethinkmigrate.progress.ProgressListener;
import java.io.PrintStream;

/**
 * Says which archive table a renamed table comes from (`restore --rename`), on the line before the
 * table-start line of the progress it wraps: `  shop.orders -> shop2.orders`. Everything else is passed on.
 */
public final class RenameProgress extends ForwardingProgressListener {
    private final PrintStream err;

    public RenameProgress(ProgressListener delegate, PrintStream err) {
        super(delegate);
        this.err = err;
    }

    @Override
    public void tableStarted(TableId table, TableId source, long estimatedDocuments) {
        if (!table.equals(source)) {
            err.println("  " + source + " -> " + table);
        }
        super.tableStarted(table, source, estimatedDocuments);
    }
}
