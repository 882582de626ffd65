package io.rethinkmigrate.engine.dump;

import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.meta.Manifest;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.meta.TableSettings;
import io.rethinkmigrate.engine.Catalog;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.read.KeyRange;
import io.rethinkmigrate.engine.read.RangePlanner;
import io.rethinkmigrate.engine.read.ReaderConnections;
import io.rethinkmigrate.engine.read.ServerMetadata;
import io.rethinkmigrate.engine.read.TableMetadata;
import io.rethinkmigrate.engine.schedule.PerTable;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.wire.Connection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dumps the selected tables of one server into an archive: each table's metadata is read and the table
 * cut into key ranges ({@link RangePlanner}), {@code clients} tables at once over the pipelined control
 * connection ({@link PerTable}); then the ranges of all tables, biggest tables first, are read by the
 * scheduler at most {@code clients} at once, each on its own connection (kept open from one range to
 * the next). A dump is all or nothing: the first failure aborts it, and the caller's archive writer,
 * closed without commit, removes what was written.
 */
public final class Dumper {
    private final ConnectionFactory connections;
    private final DumpOptions options;
    private final ProgressListener listener;
    private final DumpScope scope;

    public Dumper(ConnectionFactory connections, DumpOptions options, ProgressListener listener) {
        this(connections, options, listener, DumpScope.WHOLE);
    }

    /** A dump of only what {@code scope} takes (a part of a plan). */
    public Dumper(ConnectionFactory connections, DumpOptions options, ProgressListener listener, DumpScope scope) {
        this.connections = connections;
        this.options = options;
        this.listener = listener;
        this.scope = scope;
    }

    /** Writes every selected table to the archive and commits it. */
    public RunSummary dump(ArchiveWriter archive) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<String> warnings = new ArrayList<>();
        ReaderConnections readers = new ReaderConnections(connections);
        List<TableDumpTask> tables = planTables(archive, readers, warnings);
        tables.forEach(task -> listener.tablePlanned(task.table(), task.estimatedDocuments()));
        warnings.forEach(listener::warning);
        List<TableResult> results = readRanges(tables, readers);
        results.addAll(writeEmpty(tables));
        results.sort(Comparator.comparingInt(r -> tableOrder(tables, r.table())));
        archive.commit();
        return new RunSummary(results, warnings, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Over the control connection: checks the selection, writes the cluster and database metadata and
     * the manifest, and reads each selected table's metadata and key ranges into a task.
     */
    private List<TableDumpTask> planTables(ArchiveWriter archive, ReaderConnections readers, List<String> warnings)
            throws IOException, InterruptedException {
        try (Connection control = connections.open()) {
            Catalog catalog = Catalog.read(control);
            checkSelectionExists(catalog, control);
            warnings.addAll(options.selection().unmatched("-e/--export", "--exclude", catalog.tables(Selection.all())));
            List<TableId> selected = scope.tables(catalog.tables(options.selection()), warnings);
            ServerMetadata server = new ServerMetadata(control);
            startArchive(archive, control, server,
                    dumpedDatabases(options.selection(), server.databases(), catalog.tables(Selection.all()), selected));
            List<TablePlan> plans = PerTable.run(selected, options.clients(), table -> planTable(control, server, table));
            List<TableDumpTask> tables = tasks(plans, archive, readers, warnings);
            warnings.addAll(server.warnings());
            return tables;
        }
    }

    /** Cluster and databases first, so that a streamed restore knows them before the first table. */
    private void startArchive(ArchiveWriter archive, Connection control, ServerMetadata server, List<String> databases)
            throws IOException {
        archive.writeClusterConfig(server.cluster());
        for (String db : databases) {
            archive.writeDatabaseConfig(db, server.databaseConfig(db));
        }
        Manifest manifest = Manifest.start(toolVersion(), control.serverVersion(), Instant.now().toString(), databases);
        scope.describe(manifest);
        archive.startManifest(manifest);
    }

    private TablePlan planTable(Connection control, ServerMetadata server, TableId table) {
        TableInfo info = TableMetadata.read(control, table);
        TableSettings tableSettings = TableMetadata.settings(info, server.tableConfig(table));
        return new TablePlan(table, info, tableSettings, scope.ranges(control, table, info, options));
    }

    private List<TableDumpTask> tasks(List<TablePlan> plans, ArchiveWriter archive, ReaderConnections readers,
                                      List<String> warnings) {
        Map<TableId, TableSettings> settings = new HashMap<>();
        ArchiveWriter withSettings = new SettingsWriter(archive, settings);
        List<TableDumpTask> tables = new ArrayList<>();
        for (TablePlan plan : plans) {
            settings.put(plan.table(), plan.settings());
            warnings.addAll(unrestorableIndexes(plan.table(), plan.info()));
            TableDumpTask task = new TableDumpTask(plan.table(), plan.info(), withSettings, listener,
                    plan.ranges().wholeReads());
            for (KeyRange range : plan.ranges().ranges()) {
                task.addRange(new RangeDumpTask(task, range, readers, options, plan.ranges().firstPageLength()));
            }
            tables.add(task);
        }
        return tables;
    }

    /** Reads the ranges of all tables; each table's result comes from its last range to finish, the others give null. */
    private List<TableResult> readRanges(List<TableDumpTask> tables, ReaderConnections readers)
            throws IOException, InterruptedException {
        List<RangeDumpTask> ranges = new ArrayList<>();
        tables.forEach(task -> ranges.addAll(task.ranges()));
        List<TableResult> results = new ArrayList<>();
        try (readers) {
            for (TableResult result : options.scheduler().runAll(ranges, options.clients())) {
                if (result != null) {
                    results.add(result);
                }
            }
        }
        return results;
    }

    /** Tables given no range to read (a part of a plan that reads none of them): written empty, with their metadata. */
    private static List<TableResult> writeEmpty(List<TableDumpTask> tables) throws IOException {
        List<TableResult> results = new ArrayList<>();
        for (TableDumpTask task : tables) {
            if (task.ranges().isEmpty()) {
                task.rangeStarted();
                results.add(task.rangeFinished());
            }
        }
        return results;
    }

    /** What is read of a table before its documents: metadata, settings and key ranges. */
    private record TablePlan(TableId table, TableInfo info, TableSettings settings, RangePlanner.Plan ranges) {
    }

    /**
     * The databases a dump (or copy) holds: those of the selected tables, and databases without tables that
     * the selection takes (no -e, or -e naming or matching the database), in the server's order.
     */
    public static List<String> dumpedDatabases(Selection selection, List<String> all, List<TableId> tables,
                                               List<TableId> selected) {
        List<String> out = new ArrayList<>();
        for (String db : all) {
            boolean hasSelected = selected.stream().anyMatch(t -> t.db().equals(db));
            boolean empty = tables.stream().noneMatch(t -> t.db().equals(db));
            // a database spec (`-e DB`, a pattern, `--exclude DB`) decides for any table of the database,
            // so a table name no database can hold stands for "the database itself"
            boolean taken = empty && selection.includes(new TableId(db, Selection.EMPTY_DATABASE_PROBE));
            if (hasSelected || taken) {
                out.add(db);
            }
        }
        return out;
    }

    /** This tool's version, from the jar (or "development" when run from classes). */
    static String toolVersion() {
        String v = Dumper.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** Hands each table's settings to the archive with its info (the tasks know only the info). */
    private static final class SettingsWriter implements ArchiveWriter {
        private final ArchiveWriter archive;
        private final Map<TableId, TableSettings> settings;

        SettingsWriter(ArchiveWriter archive, Map<TableId, TableSettings> settings) {
            this.archive = archive;
            this.settings = settings;
        }

        @Override
        public TableWriter openTable(TableId table, TableInfo info) throws IOException {
            return archive.openTable(table, info, settings.get(table));
        }

        @Override
        public void commit() {
            throw new IllegalStateException("the dumper commits");
        }

        @Override
        public void close() {
            // the caller's archive is closed by the caller
        }
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
        // with a query text but no blob, restore rebuilds the index from the text (IndexCreator)
        return info.indexes().stream().filter(index -> !index.hasFunctionBlob() && index.query() == null)
                .map(index -> "index `" + index.name() + "` of " + table
                        + ": the server gave neither its function nor its query text, so a restore cannot recreate it")
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
