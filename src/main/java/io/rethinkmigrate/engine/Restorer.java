package io.rethinkmigrate.engine;

import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.archive.TableEntry;
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
import java.util.List;
import java.util.Optional;

/**
 * Restores an archive into one server, whatever the archive's format. Tables arrive one after the
 * other as the archive streams; inside a table, {@code clients} insert batches are in flight at once.
 *
 * <p>Nothing is overwritten without {@code force}: when the archive lists its tables up front (a file),
 * every target table is checked before anything is written; from a stream that does not, each table is
 * checked when it arrives, and the run stops at the first one that exists.
 *
 * <p>A table whose data, indexes or hook could not be restored is reported as failed and the run goes
 * on with the next one (the summary and exit code say so); a lost connection stops the run.
 */
public final class Restorer {
    private final ConnectionFactory connections;
    private final RestoreOptions options;
    private final ProgressListener listener;

    public Restorer(ConnectionFactory connections, RestoreOptions options, ProgressListener listener) {
        this.connections = connections;
        this.options = options;
        this.listener = listener;
    }

    public RunSummary restore(ArchiveReader archive) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<TableResult> results = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Connection> writers = new ArrayList<>();
        Optional<List<TableEntry>> listed = archive.catalog(); // an unreadable archive fails before any connection
        try (Connection control = connections.open()) {
            Catalog target = Catalog.read(control);
            if (listed.isPresent()) {
                checkBeforeWriting(listed.get(), target, control);
            }
            for (int i = 0; i < options.clients(); i++) {
                writers.add(connections.open());
            }
            TableRestorer restorer = new TableRestorer(control, writers, options, listener);
            archive.read((entry, documents) -> {
                if (!options.selection().includes(entry.table())) {
                    return;
                }
                boolean exists = target.hasTable(entry.table());
                if (exists && !options.force()) {
                    throw TableRestorer.exists(List.of(entry.table()), control.endpoint());
                }
                ensureDatabase(control, target, entry.table().db());
                results.add(restoreTable(restorer, entry, exists, documents, warnings));
            });
        } finally {
            for (Connection writer : writers) {
                writer.close();
            }
        }
        return new RunSummary(results, warnings, Duration.ofNanos(System.nanoTime() - started));
    }

    private TableResult restoreTable(TableRestorer restorer, TableEntry entry, boolean exists,
                                     DocumentReader documents, List<String> warnings) throws IOException {
        long started = System.nanoTime();
        TableId id = entry.table();
        listener.tableStarted(id, entry.info().estimatedDocuments());
        TableResult result;
        try {
            TableRestorer.Outcome outcome = restorer.restore(entry, exists, documents);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (outcome.problems().isEmpty()) {
                result = TableResult.done(id, outcome.documents(), outcome.bytes(), outcome.indexes(),
                        outcome.writeHook(), elapsed);
            } else {
                warnings.addAll(outcome.problems());
                result = new TableResult(id, TableResult.Status.INCOMPLETE, outcome.documents(), outcome.bytes(),
                        outcome.indexes(), outcome.writeHook(), elapsed, String.join("; ", outcome.problems()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrateException(ErrorKind.INTERRUPTED, "interrupted while restoring " + id, e);
        } catch (MigrateException e) {
            if (e.kind() != ErrorKind.SERVER) {
                throw e; // a lost connection or an unreadable archive: nothing after this can succeed
            }
            long written = e instanceof TableRestorer.LoadFailure failure ? failure.written() : 0;
            result = TableResult.failed(id, written, 0, Duration.ofNanos(System.nanoTime() - started), e.getMessage());
        }
        listener.tableFinished(result);
        return result;
    }

    private void checkBeforeWriting(List<TableEntry> archived, Catalog target, Connection control) {
        List<TableId> present = new ArrayList<>();
        for (TableEntry entry : archived) {
            if (options.selection().includes(entry.table()) && target.hasTable(entry.table())) {
                present.add(entry.table());
            }
        }
        if (!present.isEmpty() && !options.force()) {
            throw TableRestorer.exists(present, control.endpoint());
        }
        for (TableId wanted : options.selection().tables()) {
            if (archived.stream().noneMatch(e -> e.table().equals(wanted))) {
                throw new MigrateException(ErrorKind.USAGE, "table `" + wanted + "` is not in the archive");
            }
        }
        for (String db : options.selection().databases()) {
            if (archived.stream().noneMatch(e -> e.table().db().equals(db))) {
                throw new MigrateException(ErrorKind.USAGE, "database `" + db + "` is not in the archive");
            }
        }
    }

    private static void ensureDatabase(Connection control, Catalog target, String db) {
        if (target.hasDatabase(db)) {
            return;
        }
        control.run(Term.dbCreate(db));
        target.addDatabase(db);
    }
}
