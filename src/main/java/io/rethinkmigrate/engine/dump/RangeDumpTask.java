package io.rethinkmigrate.engine.dump;

import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.read.KeyRange;
import io.rethinkmigrate.engine.read.RangeReadTask;
import io.rethinkmigrate.engine.schedule.TableTask;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.TableResult;
import java.io.IOException;

/**
 * Reads one key range of a table into the table's archive member ({@link RangeReadTask}). Returns the
 * table's result when it is the table's last range, else null.
 */
final class RangeDumpTask implements TableTask<TableResult> {
    private final TableDumpTask table;
    private final RangeReadTask reading;

    RangeDumpTask(TableDumpTask table, KeyRange range, ConnectionFactory readers, DumpOptions options,
                  long firstPageLength) {
        this.table = table;
        this.reading = new RangeReadTask(table.table(), table.info().primaryKey(), table.estimatedDocuments(), range,
                firstPageLength, table.wholeRangesFit(), readers, options, table::write);
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

    @Override
    public TableResult run() throws IOException, InterruptedException {
        try {
            table.rangeStarted();
            reading.read();
            return table.rangeFinished();
        } catch (MigrateException e) {
            throw new MigrateException(e.kind(), "dumping " + table.table() + ": " + e.getMessage(), e);
        }
    }
}
