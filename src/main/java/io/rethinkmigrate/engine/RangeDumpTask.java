package io.rethinkmigrate.engine;

import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.TableResult;
import java.io.IOException;

/**
 * Reads one key range of a table into the table's archive member, on its own connection, resuming
 * after lost connections. Returns the table's result when it is the table's last range, else null.
 */
final class RangeDumpTask implements TableTask<TableResult> {
    private final TableDumpTask table;
    private final KeyRange range;
    private final ConnectionFactory connections;
    private final DumpOptions options;
    private final long firstPageLength;

    RangeDumpTask(TableDumpTask table, KeyRange range, ConnectionFactory connections, DumpOptions options,
                  long firstPageLength) {
        this.table = table;
        this.range = range;
        this.connections = connections;
        this.options = options;
        this.firstPageLength = firstPageLength;
    }

    @Override
    public TableId table() {
        return table.table();
    }

    /** The whole table's estimate: all ranges of the biggest table are scheduled first. */
    @Override
    public long estimatedDocuments() {
        return table.estimatedDocuments();
    }

    KeyRange range() {
        return range;
    }

    @Override
    public TableResult run() throws IOException, InterruptedException {
        try {
            table.rangeStarted();
            try (ResumingRangeReader reader = new ResumingRangeReader(connections, table.table(),
                    table.info().primaryKey(), options.readOptions(), options.targetPageBytes(), firstPageLength,
                    options.retry(), table.wholeRangesFit())) {
                reader.read(range, table::write);
            }
            return table.rangeFinished();
        } catch (MigrateException e) {
            throw new MigrateException(e.kind(), "dumping " + table.table() + ": " + e.getMessage(), e);
        }
    }
}
