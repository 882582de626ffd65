package io.rethinkmigrate.engine.dump;

import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.TableResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One table of a dump, read as one or more key ranges ({@link RangeDumpTask}s, possibly at the same
 * time on several connections) into one archive member. The table's writer is opened when its first
 * range starts and finished when its last range ends; documents from concurrent ranges are written one
 * at a time (the member's order does not matter to a restore).
 */
final class TableDumpTask {
    /** How many documents between two progress reports. */
    private static final int REPORT_EVERY = 1_000;

    private final TableId table;
    private final TableInfo info;
    private final ArchiveWriter archive;
    private final ProgressListener listener;
    private final List<RangeDumpTask> ranges = new ArrayList<>();
    /** Whether this table's ranges are small enough to be read whole (see ResumingRangeReader). */
    private final java.util.concurrent.atomic.AtomicBoolean wholeRangesFit;
    private TableWriter writer;
    private long started;
    private int unfinished;
    private long unreportedDocuments;
    private long unreportedBytes;

    TableDumpTask(TableId table, TableInfo info, ArchiveWriter archive, ProgressListener listener, boolean wholeReads) {
        this.wholeRangesFit = new java.util.concurrent.atomic.AtomicBoolean(wholeReads);
        this.table = table;
        this.info = info;
        this.archive = archive;
        this.listener = listener;
    }

    TableId table() {
        return table;
    }

    TableInfo info() {
        return info;
    }

    long estimatedDocuments() {
        return info.estimatedDocuments();
    }

    /** Adds a range to read; all ranges are added before any starts. */
    void addRange(RangeDumpTask range) {
        ranges.add(range);
        unfinished++;
    }

    java.util.concurrent.atomic.AtomicBoolean wholeRangesFit() {
        return wholeRangesFit;
    }

    List<RangeDumpTask> ranges() {
        return ranges;
    }

    synchronized void rangeStarted() throws IOException {
        if (writer == null) {
            started = System.nanoTime();
            listener.tableStarted(table, info.estimatedDocuments());
            writer = archive.openTable(table, info);
        }
    }

    synchronized void write(RawJson document) throws IOException {
        writer.write(document);
        unreportedDocuments++;
        unreportedBytes += document.length();
        if (unreportedDocuments >= REPORT_EVERY) {
            report();
        }
    }

    /** The table's result when this was its last range, else null. */
    synchronized TableResult rangeFinished() throws IOException {
        if (--unfinished > 0) {
            return null;
        }
        report();
        writer.finish();
        TableResult result = TableResult.done(table, writer.documents(), writer.bytes(), info.indexes().size(),
                info.writeHook() != null, Duration.ofNanos(System.nanoTime() - started));
        listener.tableFinished(result);
        return result;
    }

    private void report() {
        if (unreportedDocuments > 0 || unreportedBytes > 0) {
            listener.documentsDone(table, unreportedDocuments, unreportedBytes);
        }
        unreportedDocuments = 0;
        unreportedBytes = 0;
    }
}
