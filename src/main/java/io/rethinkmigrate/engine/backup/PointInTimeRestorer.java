package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.engine.Catalog;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.copy.ChangeApplier;
import io.rethinkmigrate.engine.restore.IndexRestorer;
import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.engine.restore.Restorer;
import io.rethinkmigrate.engine.schedule.Futures;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Term;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * `restore DIR --until TIME`: for each table, its base restored by {@link Restorer} (without indexes and
 * write hook), then its change records up to TIME replayed ({@link TableReplay}), then the indexes and write
 * hook it had at TIME set: after the data, so that no hook rewrites a restored document. Tables run in
 * parallel. Every table is checked first: a time some table cannot be restored to, or an existing target
 * table without --force, refuses the run before anything is written.
 */
public record PointInTimeRestorer(ConnectionFactory connections, RestoreOptions options, ProgressListener listener) {
    /** What a restore to one time will do, table by table. */
    public record Plan(long time, List<PointInTime> tables, List<SealedSegment> segments) {
    }

    static final int PARALLEL_TABLES = 4;

    public PointInTimeRestorer {
        listener = listener == null ? ProgressListener.NONE : listener;
    }

    /** The plan for {@code time} (or the latest sealed time when null); refuses a time some selected table cannot give. */
    public static Plan plan(BackupLayout layout, Long time, Selection selection) throws IOException {
        BackupHistory history = BackupHistory.read(layout);
        long latest = history.latest();
        if (latest < 0) {
            throw new MigrateException(ErrorKind.USAGE, layout.dir() + ": nothing sealed yet, nothing to restore");
        }
        long at = time == null ? latest : time;
        if (at > latest) {
            throw new MigrateException(ErrorKind.USAGE, "--until " + Times.format(at) + ": after the latest restorable time of "
                    + layout.dir() + " (" + Times.format(latest) + ")");
        }
        List<PointInTime> tables = history.at(at).stream().filter(p -> selection.includes(p.table())).toList();
        List<String> refused = tables.stream().filter(p -> p.status() == PointInTime.Status.REFUSED)
                .map(p -> p.table() + ": " + p.reason()).toList();
        if (!refused.isEmpty()) {
            throw new MigrateException(ErrorKind.USAGE, "--until " + Times.format(at) + " cannot be restored: "
                    + String.join("; ", refused) + " (see `rethink-migrate list " + layout.dir() + "`)");
        }
        return new Plan(at, tables, history.segments());
    }

    /** Lines saying what {@link #restore} would do (`--dry-run`). */
    public static List<String> describe(BackupLayout layout, Plan plan) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("restore to " + Times.format(plan.time()));
        for (PointInTime table : plan.tables()) {
            if (table.status() == PointInTime.Status.ABSENT) {
                lines.add(table.table() + ": not restored (" + table.reason() + ")");
                continue;
            }
            TableInfo meta = metaInfo(table);
            long changes = replay(table).count(plan.segments());
            lines.add(table.table() + ": base " + table.base().file() + " (" + table.base().documents() + " documents, "
                    + "complete at " + Times.format(table.base().completed()) + "), then " + changes
                    + " change(s) received " + Times.format(table.base().started()) + " .. " + Times.format(plan.time())
                    + "; indexes " + meta.indexes().stream().map(IndexSpec::name).toList()
                    + (meta.writeHook() == null ? "" : "; write hook"));
        }
        return lines;
    }

    public RunSummary restore(BackupLayout layout, Plan plan) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<PointInTime> restored = plan.tables().stream().filter(p -> p.status() == PointInTime.Status.RESTORE).toList();
        prepareTargets(restored);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL_TABLES, restored.size())));
        List<Future<TableResult>> futures = new ArrayList<>();
        try {
            for (PointInTime table : restored) {
                futures.add(pool.submit(() -> restoreTable(layout, plan, table)));
            }
            List<TableResult> results = new ArrayList<>();
            for (Future<TableResult> future : futures) {
                results.add(Futures.get(future, "restoring a table"));
            }
            return new RunSummary(results, List.of(), Duration.ofNanos(System.nanoTime() - started));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every target checked (--force) and every database created before any table is written. */
    private void prepareTargets(List<PointInTime> tables) {
        try (Connection control = connections.open()) {
            Catalog catalog = Catalog.read(control);
            List<TableId> existing = tables.stream().map(PointInTime::table).filter(catalog::hasTable).toList();
            if (!existing.isEmpty() && !options.force()) {
                throw new MigrateException(ErrorKind.TARGET_EXISTS, "table(s) " + existing + " already exist on "
                        + control.endpoint() + "; use --force to write into them");
            }
            Set<String> databases = new HashSet<>();
            tables.forEach(t -> databases.add(t.table().db()));
            for (String db : databases) {
                if (!catalog.hasDatabase(db)) {
                    control.run(Term.dbCreate(db));
                }
            }
        }
    }

    private TableResult restoreTable(BackupLayout layout, Plan plan, PointInTime table) throws IOException, InterruptedException {
        long started = System.nanoTime();
        TableId id = table.table();
        RunSummary base;
        RestoreOptions baseOptions = RestoreOptions.builder().selection(Selection.parse("-i", List.of(id.db() + "." + id.table())))
                .force(true).clients(options.clients()).hardDurability(options.hardDurability())
                .batches(options.batchDocuments(), options.batchBytes()).secondaryIndexes(false).writeHooks(false)
                .config(false).users(false).retry(options.retry()).build();
        try (ArchiveReader reader = OfficialArchiveReader.open(layout.resolve(table.base().file()), ArchiveReaderOptions.defaults())) {
            base = new Restorer(connections, baseOptions, listener).restore(reader);
        }
        if (!base.allDone()) {
            return base.tables().isEmpty() ? TableResult.failed(id, 0, 0, elapsed(started), "its base restored nothing")
                    : base.tables().get(0);
        }
        TableInfo meta = metaInfo(table);
        try (Connection to = connections.open()) {
            replay(table).apply(plan.segments(), to, new ChangeApplier(id, options.hardDurability()));
            List<String> problems = new ArrayList<>();
            IndexRestorer definitions = new IndexRestorer(to, listener, "the backup");
            Term target = Term.db(id.db()).table(id.table());
            int indexes = options.secondaryIndexes() ? definitions.restore(id, target, meta.indexes(), problems) : 0;
            boolean hook = options.writeHooks() && definitions.setWriteHook(id, target, meta.writeHook(), problems);
            long count = to.run(Term.db(id.db()).table(id.table()).count()).asLong();
            TableResult.Status status = problems.isEmpty() ? TableResult.Status.DONE : TableResult.Status.INCOMPLETE;
            return new TableResult(id, status, count, base.bytes(), indexes, hook, elapsed(started),
                    problems.isEmpty() ? null : String.join("; ", problems));
        }
    }

    private static TableReplay replay(PointInTime table) {
        return new TableReplay(table.table(), metaInfo(table).primaryKey(), table.base().started(), table.until());
    }

    /** The metadata recorded last at or before the time, as a TableInfo (primary key, indexes, hook). */
    static TableInfo metaInfo(PointInTime table) {
        JsonNode meta = table.meta();
        if (meta == null || !meta.isObject()) {
            throw new MigrateException(ErrorKind.ARCHIVE_INCONSISTENT, "table " + table.table()
                    + ": the log holds no metadata record for its base " + table.base().file());
        }
        return new TableInfo((ObjectNode) meta.deepCopy());
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
