package io.rethinkmigrate.engine;

import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableInfo;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.wire.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Dumps the selected tables of one server into an archive: each table is cut into key ranges
 * ({@link RangePlanner}), and the ranges of all tables, biggest tables first, are read by the scheduler
 * at most {@code clients} at once, each on its own connection. A dump is all or nothing: the first failure aborts it, and the caller's
 * archive writer, closed without commit, removes what was written.
 */
public final class Dumper {
    private final ConnectionFactory connections;
    private final DumpOptions options;
    private final ProgressListener listener;

    public Dumper(ConnectionFactory connections, DumpOptions options, ProgressListener listener) {
        this.connections = connections;
        this.options = options;
        this.listener = listener;
    }

    /** Writes every selected table to the archive and commits it. */
    public RunSummary dump(ArchiveWriter archive) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<TableDumpTask> tables = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (Connection control = connections.open()) {
            Catalog catalog = Catalog.read(control);
            checkSelectionExists(catalog, control);
            warnings.addAll(options.selection().unmatched("-e/--export", "--exclude", catalog.tables(Selection.all())));
            for (TableId table : catalog.tables(options.selection())) {
                TableInfo info = TableMetadata.read(control, table);
                warnings.addAll(unrestorableIndexes(table, info));
                RangePlanner.Plan plan = RangePlanner.plan(control, table, info, options);
                TableDumpTask task = new TableDumpTask(table, info, archive, listener, plan.wholeReads());
                for (KeyRange range : plan.ranges()) {
                    task.addRange(new RangeDumpTask(task, range, connections, options, plan.firstPageLength()));
                }
                tables.add(task);
            }
        }
        tables.forEach(task -> listener.tablePlanned(task.table(), task.estimatedDocuments()));
        warnings.forEach(listener::warning);
        List<RangeDumpTask> ranges = new ArrayList<>();
        tables.forEach(task -> ranges.addAll(task.ranges()));
        // each table's result comes from its last range to finish; the others give null
        List<TableResult> results = new ArrayList<>();
        for (TableResult result : options.scheduler().runAll(ranges, options.clients())) {
            if (result != null) {
                results.add(result);
            }
        }
        results.sort(java.util.Comparator.comparingInt(r -> tableOrder(tables, r.table())));
        archive.commit();
        return new RunSummary(results, warnings, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The tables of the server the selection picks, sorted (a missing database or table named in it is a
     * usage error). Lets a caller check the selection before starting, e.g. that it is exactly one table.
     */
    public static List<TableId> selectedTables(Connection control, Selection selection) {
        Catalog catalog = Catalog.read(control);
        new Dumper(null, DumpOptions.defaults().withSelection(selection), null).checkSelectionExists(catalog, control);
        return catalog.tables(selection);
    }

    private static int tableOrder(List<TableDumpTask> tables, TableId table) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).table().equals(table)) {
                return i;
            }
        }
        return tables.size();
    }

    /** Said at dump time, not discovered at restore time: indexes the server gave no function for. */
    private static List<String> unrestorableIndexes(TableId table, TableInfo info) {
        return info.indexes().stream().filter(index -> !index.hasFunctionBlob())
                .map(index -> "index `" + index.name() + "` of " + table
                        + ": the server gave no function for it, so a restore cannot recreate it")
                .toList();
    }

    private void checkSelectionExists(Catalog catalog, Connection control) {
        for (String db : options.selection().databases()) {
            if (!catalog.hasDatabase(db)) {
                throw new MigrateException(ErrorKind.USAGE,
                        "database `" + db + "` does not exist on " + control.endpoint());
            }
        }
        for (TableId table : options.selection().tables()) {
            if (!catalog.hasTable(table)) {
                throw new MigrateException(ErrorKind.USAGE,
                        "table `" + table + "` does not exist on " + control.endpoint());
            }
        }
    }
}
