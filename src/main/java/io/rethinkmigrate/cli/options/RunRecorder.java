package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps what a run has done while passing every event on to the display: when the run fails partway
 * there is no {@link RunSummary}, and the report is made from what was recorded here.
 */
public final class RunRecorder implements ProgressListener {
    /** A table not finished when the run ended: planned (not started) or started (documents so far). */
    public record Unfinished(TableId table, boolean started, long documents, long bytes) {
    }

    private final ProgressListener display;
    private final Map<TableId, long[]> inWork = new LinkedHashMap<>();
    private final Map<TableId, TableResult> finished = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private volatile RunSummary summary;

    public RunRecorder(ProgressListener display) {
        this.display = display;
    }

    @Override
    public void tablePlanned(TableId table, long estimatedDocuments) {
        synchronized (this) {
            inWork.putIfAbsent(table, new long[] {0, 0, 0});
        }
        display.tablePlanned(table, estimatedDocuments);
    }

    @Override
    public void tableStarted(TableId table, long estimatedDocuments) {
        synchronized (this) {
            inWork.put(table, new long[] {0, 0, 1});
        }
        display.tableStarted(table, estimatedDocuments);
    }

    @Override
    public void documentsDone(TableId table, long documents, long bytes) {
        synchronized (this) {
            long[] counts = inWork.computeIfAbsent(table, t -> new long[] {0, 0, 1});
            counts[0] += documents;
            counts[1] += bytes;
        }
        display.documentsDone(table, documents, bytes);
    }

    @Override
    public void tableFinished(TableResult result) {
        synchronized (this) {
            inWork.remove(result.table());
            finished.put(result.table(), result);
        }
        display.tableFinished(result);
    }

    @Override
    public void warning(String message) {
        synchronized (this) {
            warnings.add(message);
        }
        display.warning(message);
    }

    public void summary(RunSummary summary) {
        this.summary = summary;
    }

    /** The run's summary when it got that far, else null. */
    public RunSummary summary() {
        return summary;
    }

    public synchronized List<TableResult> finished() {
        return new ArrayList<>(finished.values());
    }

    public synchronized List<Unfinished> unfinished() {
        List<Unfinished> out = new ArrayList<>();
        inWork.forEach((table, c) -> out.add(new Unfinished(table, c[2] == 1, c[0], c[1])));
        return out;
    }

    public synchronized List<String> warnings() {
        return new ArrayList<>(warnings);
    }
}
