package io.rethinkmigrate.engine.restore;

import io.rethinkmigrate.archive.meta.ArchiveMetadata;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.BadDataException;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.engine.Catalog;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.write.RestoreConnections;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Restores an archive into one server, whatever the archive's format. Tables arrive one after the
 * other as the archive streams; inside a table, {@code clients} insert batches are in flight at once.
 * Once a table's documents are all sent, it is finished (last acknowledgements, indexes, hook, settings)
 * by a {@link TableFinisher} while the next table is read and sent.
 *
 * <p>Nothing is overwritten without {@code force}: when the archive lists its tables up front (a file),
 * every target table is checked before anything is written; from a stream that does not, each table is
 * checked when it arrives, and the run stops at the first one that exists.
 *
 * <p>Tables are selected by their archive names (`-i`, `--exclude`), then written under their
 * `--rename` target; the existence check applies to the targets.
 *
 * <p>A table whose data, indexes or hook could not be restored is reported as failed and the run goes
 * on with the next one (the summary and exit code say so); a lost connection stops the run.
 *
 * <p>A table whose archive data turns out unreadable while it is loaded (invalid JSON, a document without
 * the primary key, a truncated or oversized archive) leaves nothing behind: the table this run created is
 * dropped (and its database, when this run created it and it is left empty); a table that existed before
 * (`--force`) is never dropped, and the error says how many documents went into it. Then the run stops
 * with the archive's error, unless `--skip-bad-tables` and the fault is the table's own (bad JSON, missing
 * primary keys): the table is reported failed and the next one is restored.
 */
public final class Restorer {
    private final ConnectionFactory connections;
    private final RestoreOptions options;
    private final ProgressListener listener;
    /** Databases this run created, so that one created only for a broken table can be dropped with it. */
    private final Set<String> createdDatabases = new HashSet<>();

    public Restorer(ConnectionFactory connections, RestoreOptions options, ProgressListener listener) {
        this.connections = connections;
        this.options = options;
        this.listener = listener;
    }

    public RunSummary restore(ArchiveReader archive) throws IOException, InterruptedException {
        long started = System.nanoTime();
        HeapBudget.checkWrite("this run", options.clients(), options.batchBytes());
        Optional<List<TableId>> listed = listedTables(archive);
        Run run = new Run();
        boolean complete = false;
        try (RestoreConnections pool = new RestoreConnections(connections, options.retry(), listener::warning);
                TableFinisher finisher = new TableFinisher()) {
            run.prepare(pool, listed, archive.metadata());
            run.readTables(finisher, archive);
            run.completeMetadata(listed.isPresent(), archive.metadata());
            complete = run.complete();
        } finally {
            finishProgress(complete);
        }
        return new RunSummary(run.results, run.warnings, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The archive's tables when it lists them up front (a file), checked against the selection: an
     * unreadable archive and usage errors fail before any connection is opened.
     */
    private Optional<List<TableId>> listedTables(ArchiveReader archive) throws IOException {
        Optional<List<TableId>> listed = archive.catalog().map(entries -> entries.stream().map(TableEntry::table).toList());
        listed.ifPresent(this::checkSelection);
        return listed;
    }

    private void finishProgress(boolean complete) {
        RestoreProgress progress = options.progress();
        if (progress == null) {
            return;
        }
        try {
            progress.finish(complete);
        } catch (IOException e) { // must not hide why the run stopped
            listener.warning("progress record " + progress.file() + " could not be written: " + e.getMessage());
        }
    }

    /** The state of one {@link #restore} run: the target's catalog, what was restored, results and warnings. */
    private final class Run {
        final List<TableResult> results = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        private final Set<String> restoredDatabases = new HashSet<>();
        private final Set<TableId> restoredTables = new HashSet<>();
        private final List<TableId> seen = new ArrayList<>();
        private final Map<TableId, TableId> byTarget = new HashMap<>();
        private RestoreConnections pool;
        private Connection control;
        private Catalog target;
        private TableRestorer restorer;
        private TableFinisher finisher;

        /** With a file's table list: refuses existing targets and creates the databases before any table. */
        void prepare(RestoreConnections pool, Optional<List<TableId>> listed, ArchiveMetadata metadata)
                throws IOException, InterruptedException {
            this.pool = pool;
            control = pool.control();
            target = Catalog.read(control);
            if (listed.isPresent()) {
                refuseExisting(listed.get());
                warn(notes(listed.get()), warnings);
                createDatabases(control, target, metadata, restoredDatabases);
            }
        }

        private void refuseExisting(List<TableId> archived) {
            RestoreProgress progress = options.progress();
            List<TableId> present = existing(archived, target);
            present.removeIf(t -> createdByEarlierRun(t) || (progress != null && progress.isDone(t)));
            if (!present.isEmpty() && !options.force()) {
                throw TableRestorer.exists(present, control.endpoint());
            }
        }

        void readTables(TableFinisher finisher, ArchiveReader archive) throws IOException, InterruptedException {
            this.finisher = finisher;
            pool.openWriters(options.clients());
            restorer = new TableRestorer(pool, options, listener);
            archive.read(this::table);
            collectFinished(finisher, results, warnings);
            warn(restorer.takeWarnings(), warnings);
        }

        private void table(TableEntry entry, DocumentReader documents) throws IOException {
            seen.add(entry.table());
            if (!options.selection().includes(entry.table())) {
                return;
            }
            options.renaming().checkCollision(byTarget, entry.table());
            TableId to = options.renaming().target(entry.table());
            if (options.progress() != null && options.progress().isDone(to)) {
                results.add(restoredEarlier(to, warnings));
                return;
            }
            boolean exists = target.hasTable(to);
            if (exists && !options.force() && !createdByEarlierRun(to)) {
                throw TableRestorer.exists(List.of(to), control.endpoint());
            }
            Connection live = live(pool);
            ensureDatabase(live, target, to.db());
            restoredDatabases.add(entry.table().db());
            restoredTables.add(entry.table());
            restoreTable(restorer, finisher, live, target, entry, to, exists, documents, results, warnings);
            warn(restorer.takeWarnings(), warnings);
        }

        /** From a stream, the table list and the empty databases are known only once it is read. */
        void completeMetadata(boolean listed, ArchiveMetadata metadata) throws IOException {
            if (!listed) {
                warn(notes(seen), warnings);
                createDatabases(live(pool), target, metadata, restoredDatabases);
            }
            warn(metadata.ignored(), warnings);
            warn(new ClusterRestorer(live(pool), options).restore(metadata, restoredDatabases, restoredTables),
                    warnings);
        }

        boolean complete() {
            return results.stream().allMatch(r -> r.status() == TableResult.Status.DONE
                    || r.status() == TableResult.Status.SKIPPED);
        }
    }

    /**
     * What a restore would do (`--dry-run`), without writing anything: reads the whole archive (counting
     * the documents of each selected table, as the official `.info` has only the source's estimate) and
     * reads the target's database and table lists. Usage errors (a named table not in the archive, two
     * tables renamed to one) are thrown as by {@link #restore}; tables that exist are reported in the plan.
     */
    public RestorePlan plan(ArchiveReader archive) throws IOException {
        Optional<List<TableEntry>> listed = archive.catalog();
        if (listed.isPresent()) {
            checkSelection(listed.get().stream().map(TableEntry::table).toList());
        }
        try (Connection control = connections.open()) {
            Catalog target = Catalog.read(control);
            List<TableId> seen = new ArrayList<>();
            List<RestorePlan.Table> tables = new ArrayList<>();
            Set<String> dbsToCreate = new HashSet<>();
            archive.read((entry, documents) -> {
                seen.add(entry.table());
                if (!options.selection().includes(entry.table())) {
                    return;
                }
                long count = 0;
                while (documents.next() != null) {
                    count++;
                }
                TableId to = options.renaming().target(entry.table());
                boolean createDb = !target.hasDatabase(to.db()) && dbsToCreate.add(to.db());
                List<String> indexes = entry.info().indexes().stream().map(IndexSpec::name).toList();
                tables.add(new RestorePlan.Table(entry.table(), to, createDb, target.hasTable(to),
                        entry.info().primaryKey(), count, entry.info().estimatedDocuments(), indexes,
                        entry.info().writeHook() != null));
            });
            if (listed.isEmpty()) {
                checkSelection(seen);
            }
            return new RestorePlan(control.endpoint().toString(), tables, notes(seen), options);
        }
    }

    /** On `--resume`: a table the record says an earlier run created may exist without --force. */
    private boolean createdByEarlierRun(TableId target) {
        return options.progress() != null && options.progress().createdEarlier(target);
    }

    /** A table an earlier run of the progress record restored completely: not read or written again. */
    private TableResult restoredEarlier(TableId id, List<String> warnings) {
        String note = "table " + id + " was restored by an earlier run (progress record "
                + options.progress().file() + "): skipped";
        warn(List.of(note), warnings);
        TableResult result = new TableResult(id, TableResult.Status.SKIPPED, 0, 0, 0, false, Duration.ZERO, null);
        listener.tableFinished(result);
        return result;
    }

    /** The control connection, reopened if it broke during the last table. */
    private static Connection live(RestoreConnections pool) throws IOException {
        try {
            return pool.control();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrateException(ErrorKind.INTERRUPTED, "interrupted while reconnecting", e);
        }
    }

    /** Usage errors before anything is written: named tables and databases missing, rename collisions. */
    private void checkSelection(List<TableId> archived) {
        for (TableId wanted : options.selection().tables()) {
            if (!archived.contains(wanted)) {
                throw new MigrateException(ErrorKind.USAGE, "table `" + wanted + "` is not in the archive");
            }
        }
        for (String db : options.selection().databases()) {
            if (archived.stream().noneMatch(t -> t.db().equals(db))) {
                throw new MigrateException(ErrorKind.USAGE, "database `" + db + "` is not in the archive");
            }
        }
        options.renaming().checkCollisions(selected(archived));
    }

    /** Targets of the selected archive tables that exist on the server. */
    private List<TableId> existing(List<TableId> archived, Catalog target) {
        List<TableId> present = new ArrayList<>();
        for (TableId source : selected(archived)) {
            TableId to = options.renaming().target(source);
            if (target.hasTable(to)) {
                present.add(to);
            }
        }
        return present;
    }

    private List<TableId> selected(List<TableId> archived) {
        return archived.stream().filter(options.selection()::includes).toList();
    }

    /** Warnings: patterns that matched no archive table, renames that apply to no restored table. */
    private List<String> notes(List<TableId> archived) {
        List<String> out = new ArrayList<>(options.selection().unmatched("-i/--import", "--exclude", archived));
        out.addAll(options.renaming().unused(selected(archived)));
        return out;
    }

    private void warn(List<String> notes, List<String> warnings) {
        notes.forEach(listener::warning);
        warnings.addAll(notes);
    }

    /**
     * Creates a table and sends its documents; then, with the table before it collected from the finisher
     * (so that results stay in archive order), hands it to the finisher, which completes it while the next
     * table is read.
     */
    private void restoreTable(TableRestorer restorer, TableFinisher finisher, Connection control, Catalog target,
                              TableEntry entry, TableId id, boolean exists, DocumentReader documents,
                              List<TableResult> results, List<String> warnings) throws IOException {
        long started = System.nanoTime();
        listener.tableStarted(id, entry.table(), entry.info().estimatedDocuments());
        TableRestorer.Loading loading = null;
        MigrateException failure = null;
        try {
            loading = restorer.start(entry, id, exists, documents);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrateException(ErrorKind.INTERRUPTED, "interrupted while restoring " + id, e);
        } catch (MigrateException e) {
            failure = e;
        }
        collectFinished(finisher, results, warnings);
        if (failure != null) {
            results.add(failedTable(failure, control, target, id, exists, started, warnings));
            return;
        }
        TableRestorer.Loading sent = loading;
        finisher.submit(() -> finishTable(restorer, sent, control, target, exists, started));
    }

    /** Adds the table the finisher was completing, if any, to the results (rethrowing what stops the run). */
    private void collectFinished(TableFinisher finisher, List<TableResult> results, List<String> warnings) {
        try {
            finisher.collect().ifPresent(finished -> {
                results.add(finished.result());
                warnings.addAll(finished.warnings());
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrateException(ErrorKind.INTERRUPTED, "interrupted while finishing a table", e);
        }
    }

    /** On the finisher's thread: the last acknowledgements, indexes, hook and settings of one table. */
    private TableFinisher.Finished finishTable(TableRestorer restorer, TableRestorer.Loading loading, Connection control,
                                               Catalog target, boolean exists, long started) throws InterruptedException {
        TableId id = loading.id();
        List<String> warnings = new ArrayList<>();
        TableResult result;
        try {
            TableRestorer.Outcome outcome = restorer.finish(loading);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (outcome.problems().isEmpty()) {
                result = TableResult.done(id, outcome.documents(), outcome.bytes(), outcome.indexes(),
                        outcome.writeHook(), elapsed);
            } else {
                warnings.addAll(outcome.problems());
                result = new TableResult(id, TableResult.Status.INCOMPLETE, outcome.documents(), outcome.bytes(),
                        outcome.indexes(), outcome.writeHook(), elapsed, String.join("; ", outcome.problems()));
            }
            listener.tableFinished(result);
        } catch (MigrateException e) {
            result = failedTable(e, control, target, id, exists, started, warnings);
        }
        return new TableFinisher.Finished(result, warnings);
    }

    /**
     * A table that could not be restored: its result (reported to the listener), or the error that stops
     * the run (a lost connection, or unreadable archive data without `--skip-bad-tables`).
     */
    private TableResult failedTable(MigrateException e, Connection control, Catalog target, TableId id, boolean exists,
                                    long started, List<String> warnings) {
        boolean unreadable = ArchiveException.isArchiveKind(e.kind()) && !BadDataException.isOrCauses(e);
        if (e.kind() != ErrorKind.SERVER && !BadDataException.isOrCauses(e) && !unreadable) {
            throw e; // a lost connection: nothing after this can succeed
        }
        long written = e instanceof TableRestorer.LoadFailure failure ? failure.written() : 0;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (unreadable) {
            String message = e.getMessage() + "; " + removeBrokenTable(control, target, id, exists, written);
            boolean skip = options.skipBadTables() && ArchiveException.isTableLocal(e.kind());
            listener.tableFinished(TableResult.failed(id, exists ? written : 0, 0, elapsed, message));
            if (!skip) {
                throw new ArchiveException(e.kind(), message, e);
            }
            warnings.add(message + " (skipped: --skip-bad-tables)");
            return TableResult.failed(id, exists ? written : 0, 0, elapsed, message);
        }
        TableResult result = TableResult.failed(id, written, 0, elapsed, e.getMessage());
        listener.tableFinished(result);
        return result;
    }

    /**
     * Databases the archive names (empty ones included: the official format drops them) that the
     * selection takes as a whole (no -i, or -i naming or matching the database), under their --rename.
     */
    private void createDatabases(Connection control, Catalog target, ArchiveMetadata metadata, Set<String> created) {
        for (String db : metadata.databases()) {
            TableId probe = new TableId(db, Selection.EMPTY_DATABASE_PROBE);
            if (options.selection().includes(probe)) {
                ensureDatabase(control, target, options.renaming().target(probe).db());
                created.add(db);
            }
        }
    }

    private void ensureDatabase(Connection control, Catalog target, String db) {
        if (target.hasDatabase(db)) {
            return;
        }
        control.run(Term.dbCreate(db));
        target.addDatabase(db);
        createdDatabases.add(db);
    }

    /**
     * Takes back what a table with unreadable data left in the server, and says what is left: a table
     * this run created is dropped (and its database, if this run created it and nothing else is in it);
     * an existing table (`--force`) is left as it is, with the documents already written into it.
     */
    private String removeBrokenTable(Connection control, Catalog target, TableId id, boolean existed, long written) {
        if (existed) {
            return written + " document(s) had already been written into the existing table " + id
                    + " (--force) and are left there";
        }
        try {
            control.run(Term.db(id.db()).tableDrop(id.table()));
            if (createdDatabases.contains(id.db()) && !control.run(Term.db(id.db()).tableList()).iterator().hasNext()) {
                control.run(Term.dbDrop(id.db()));
                createdDatabases.remove(id.db());
                target.removeDatabase(id.db());
            }
        } catch (MigrateException dropFailed) {
            return "the partly restored table " + id + " could not be dropped (" + dropFailed.getMessage()
                    + "): drop it by hand";
        }
        return "nothing of " + id + " was restored (the table this restore created was dropped)";
    }
}
