package io.rethinkmigrate.cli;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.TableResult;
import java.io.PrintStream;

/**
 * Says which archive table a renamed table comes from (`restore --rename`), on the line before the
 * table-start line of the progress it wraps: `  shop.orders -> shop2.orders`. Everything else is passed on.
 */
final class RenameProgress implements ProgressListener {
    private final ProgressListener delegate;
    private final PrintStream err;

    RenameProgress(ProgressListener delegate, PrintStream err) {
        this.delegate = delegate;
        this.err = err;
    }

    @Override
    public void tableStarted(TableId table, long estimatedDocuments) {
        delegate.tableStarted(table, estimatedDocuments);
    }

    @Override
    public void tableStarted(TableId table, TableId source, long estimatedDocuments) {
        if (!table.equals(source)) {
            err.println("  " + source + " -> " + table);
        }
        delegate.tableStarted(table, source, estimatedDocuments);
    }

    @Override
    public void documentsDone(TableId table, long documents, long bytes) {
        delegate.documentsDone(table, documents, bytes);
    }

    @Override
    public void tableFinished(TableResult result) {
        delegate.tableFinished(result);
    }

    @Override
    public void warning(String message) {
        delegate.warning(message);
    }
}
