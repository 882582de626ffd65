package io.rethinkmigrate.engine;

import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableInfo;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import java.io.IOException;
import java.time.Duration;

/** Reads one table into the archive. */
final class TableDumpTask implements TableTask<TableResult> {
    /** How many documents between two progress reports. */
    private static final int REPORT_EVERY = 1_000;

    private final TableId table;
    private final TableInfo info;
    private final ConnectionFactory connections;
    private final ArchiveWriter archive;
    private final DumpOptions options;
    private final ProgressListener listener;

    TableDumpTask(TableId table, TableInfo info, ConnectionFactory connections, ArchiveWriter archive,
                  DumpOptions options, ProgressListener listener) {
        this.table = table;
        this.info = info;
        this.connections = connections;
        this.archive = archive;
        this.options = options;
        this.listener = listener;
    }

    @Override
    public TableId table() {
        return table;
    }

    @Override
    public long estimatedDocuments() {
        return info.estimatedDocuments();
    }

    @Override
    public TableResult run() throws IOException {
        long started = System.nanoTime();
        listener.tableStarted(table, info.estimatedDocuments());
        GlobalOptions read = GlobalOptions.none().rawFormats();
        if (options.readOutdated()) {
            read = read.readMode("outdated");
        }
        try (Connection connection = connections.open();
             TableWriter writer = archive.openTable(table, info)) {
            TableScanner scanner = new TableScanner(connection, table, info.primaryKey(), read, options.targetPageBytes());
            long[] unreported = new long[2];
            scanner.scan(doc -> {
                writer.write(doc);
                unreported[0]++;
                unreported[1] += doc.length();
                if (unreported[0] >= REPORT_EVERY) {
                    listener.documentsDone(table, unreported[0], unreported[1]);
                    unreported[0] = 0;
                    unreported[1] = 0;
                }
            });
            listener.documentsDone(table, unreported[0], unreported[1]);
            writer.finish();
            TableResult result = TableResult.done(table, writer.documents(), writer.bytes(), info.indexes().size(),
                    info.writeHook() != null, Duration.ofNanos(System.nanoTime() - started));
            listener.tableFinished(result);
            return result;
        } catch (MigrateException e) {
            throw new MigrateException(e.kind(), "dumping " + table + ": " + e.getMessage(), e);
        }
    }
}
