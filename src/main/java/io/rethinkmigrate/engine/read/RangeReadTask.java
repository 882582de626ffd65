package io.rethinkmigrate.engine.read;

import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.schedule.TableTask;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one key range of a table into a sink, on a connection borrowed from the run's readers and
 * resuming after lost connections ({@link ResumingRangeReader}); returns how many documents it gave.
 */
public final class RangeReadTask implements TableTask<Long> {
    private final TableId table;
    private final String primaryKey;
    private final long estimatedDocuments;
    private final KeyRange range;
    private final long firstPageLength;
    private final AtomicBoolean wholeRangesFit;
    private final ConnectionFactory readers;
    private final DumpOptions options;
    private final DocumentSink sink;

    /**
     * @param estimatedDocuments the whole table's estimate: all ranges of the biggest table are scheduled first
     * @param wholeRangesFit     shared by the table's ranges (see {@link ResumingRangeReader})
     */
    public RangeReadTask(TableId table, String primaryKey, long estimatedDocuments, KeyRange range, long firstPageLength,
                  AtomicBoolean wholeRangesFit, ConnectionFactory readers, DumpOptions options, DocumentSink sink) {
        this.table = table;
        this.primaryKey = primaryKey;
        this.estimatedDocuments = estimatedDocuments;
        this.range = range;
        this.firstPageLength = firstPageLength;
        this.wholeRangesFit = wholeRangesFit;
        this.readers = readers;
        this.options = options;
        this.sink = sink;
    }

    @Override
    public TableId table() {
        return table;
    }

    @Override
    public long estimatedDocuments() {
        return estimatedDocuments;
    }

    /** Reads the range; errors as they came (see {@link #run} for the table's name in front). */
    public long read() throws IOException, InterruptedException {
        try (ResumingRangeReader reader = new ResumingRangeReader(readers, table, primaryKey, options.readOptions(),
                options.targetPageBytes(), firstPageLength, options.retry(), wholeRangesFit)) {
            return reader.read(range, sink);
        }
    }

    @Override
    public Long run() throws IOException, InterruptedException {
        try {
            return read();
        } catch (MigrateException e) {
            throw new MigrateException(e.kind(), "reading " + table + ": " + e.getMessage(), e);
        }
    }
}
