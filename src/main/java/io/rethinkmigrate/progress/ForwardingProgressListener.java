package io.rethinkmigrate.progress;

import io.rethinkmigrate.model.TableId;

/**
 * Passes every event on to another listener: extend it and override only the events a wrapper adds
 * something to.
 */
public class ForwardingProgressListener implements ProgressListener {
    private final ProgressListener delegate;

    public ForwardingProgressListener(ProgressListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void tablePlanned(TableId table, long estimatedDocuments) {
        delegate.tablePlanned(table, estimatedDocuments);
    }

    @Override
    public void tableStarted(TableId table, long estimatedDocuments) {
        delegate.tableStarted(table, estimatedDocuments);
    }

    @Override
    public void tableStarted(TableId table, TableId source, long estimatedDocuments) {
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
