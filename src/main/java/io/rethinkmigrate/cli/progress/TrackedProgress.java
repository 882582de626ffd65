package io.rethinkmigrate.cli.progress;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.ProgressTracker;
import io.rethinkmigrate.progress.TableResult;
import java.util.function.LongSupplier;

/**
 * A stderr display over a {@link ProgressTracker}: every event updates the tracker, then the display
 * shows it ({@link StderrProgress} as lines, {@link TerminalProgress} as a block redrawn in place). Events
 * come from many threads; one lock orders them.
 */
abstract class TrackedProgress implements ProgressListener {
    protected final LongSupplier clock;
    protected final ProgressTracker tracker;

    TrackedProgress(LongSupplier nanoClock) {
        this.clock = nanoClock;
        this.tracker = new ProgressTracker(nanoClock);
    }

    /** A table began, after the tracker knows it. */
    abstract void started(TableId table, long estimatedDocuments);

    /** Documents were done, after the tracker counted them. */
    abstract void progressed();

    /** A table ended, after the tracker knows it. */
    abstract void finished(TableResult result);

    abstract void warned(String message);

    @Override
    public final synchronized void tablePlanned(TableId table, long estimatedDocuments) {
        tracker.planned(table, estimatedDocuments);
    }

    @Override
    public final synchronized void tableStarted(TableId table, long estimatedDocuments) {
        tracker.started(table, estimatedDocuments);
        started(table, estimatedDocuments);
    }

    @Override
    public final synchronized void documentsDone(TableId table, long documents, long bytes) {
        tracker.done(table, documents, bytes);
        progressed();
    }

    @Override
    public final synchronized void tableFinished(TableResult result) {
        tracker.finished(result.table(), result.documents(), result.bytes());
        finished(result);
    }

    @Override
    public final synchronized void warning(String message) {
        warned(message);
    }
}
