package io.rethinkmigrate.engine.plan;

import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.engine.restore.Restorer;
import io.rethinkmigrate.engine.schedule.Futures;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Restores the part archives of one plan (checked by {@link PartSet}) into one server, in three steps,
 * each a run of the ordinary {@link Restorer}: the tables are created once, with their primary keys and
 * layout, from the parts' metadata (refused, as a restore is, when they exist without {@code force});
 * every part's documents are loaded, all parts at once, {@code clients} shared among them; then the
 * indexes, write hooks, settings, users and cluster settings are set once, after all the data. Parts
 * restored by separate processes run step 1 once (whichever part claims it, {@link #createAlone}), step 2
 * each ({@link #loadAlone}) and step 3 once at the end ({@link #finishAlone}).
 */
public record PartedRestorer(ConnectionFactory connections, RestoreOptions options, ProgressListener listener) {

    /** All three steps in this process. */
    public RunSummary restore(List<ArchiveReader> parts) throws IOException, InterruptedException {
        long started = System.nanoTime();
        TablesWithoutData tables = new TablesWithoutData(parts);
        RunSummary created = create(tables);
        List<RunSummary> loaded = loadAll(parts);
        RunSummary finished = finish(tables);
        RunSummary summary = merge(created, loaded, finished, Duration.ofNanos(System.nanoTime() - started));
        summary.tables().forEach(listener::tableFinished);
        return summary;
    }

    /**
     * `restore --part`, step 1 for every part: the databases and tables, from this part's metadata (each
     * part carries every table's), refused as a restore is when they exist without {@code force}. Run by
     * one part only ({@link PartsDone#createOnce}): a real server lets two concurrent {@code table_create}
     * of one name both succeed, and then refuses the name as ambiguous.
     */
    public RunSummary createAlone(ArchiveReader part) throws IOException, InterruptedException {
        return create(new TablesWithoutData(List.of(part)));
    }

    /** `restore --part`, step 2: this part's documents into the tables step 1 made; {@code created} may be null. */
    public RunSummary loadAlone(ArchiveReader part, RunSummary created) throws IOException, InterruptedException {
        long started = System.nanoTime();
        RunSummary loaded = load(part, options.clients());
        RunSummary first = created != null ? created : new RunSummary(List.of(), List.of(), Duration.ZERO);
        RunSummary summary = merge(first, List.of(), loaded, Duration.ofNanos(System.nanoTime() - started));
        summary.tables().forEach(listener::tableFinished);
        return summary;
    }

    /** `restore --finish`: step 3 alone, from the metadata of any one part (each part carries all of it). */
    public RunSummary finishAlone(ArchiveReader anyPart) throws IOException, InterruptedException {
        RunSummary finished = finish(new TablesWithoutData(List.of(anyPart)));
        finished.tables().forEach(listener::tableFinished);
        return finished;
    }

    /**
     * The tables a part's data goes to, or --finish sets up: every table of the plan (each part's catalog
     * lists all) that the selection keeps, by its target name, sorted.
     */
    public List<String> targetTables(ArchiveReader part) throws IOException {
        return part.catalog().orElseThrow().stream().map(TableEntry::table).filter(options.selection()::includes)
                .map(t -> options.renaming().target(t).toString()).sorted().toList();
    }

    /** Step 1: databases and tables (primary key, shards, replicas), no data. */
    RunSummary create(ArchiveReader tables) throws IOException, InterruptedException {
        RestoreOptions create = with(options, options.force(), options.clients(), false, false, true, false);
        return new Restorer(connections, create, new Forwarding(listener, true, false)).restore(tables);
    }

    /** Step 2 for one part: its documents into the tables step 1 made, nothing else. */
    RunSummary load(ArchiveReader part, int clients) throws IOException, InterruptedException {
        RestoreOptions load = with(options, true, clients, false, false, false, false);
        return new Restorer(connections, load, new Forwarding(listener, false, true)).restore(part);
    }

    /** Step 3: indexes, write hooks, table settings, users, permissions, cluster settings. */
    RunSummary finish(ArchiveReader tables) throws IOException, InterruptedException {
        RestoreOptions finish = with(options, true, options.clients(), options.secondaryIndexes(), options.writeHooks(),
                options.config(), options.users());
        return new Restorer(connections, finish, new Forwarding(listener, false, false)).restore(tables);
    }

    /** Every part at once, each with its share of {@code clients}; the first failure stops the others. */
    private List<RunSummary> loadAll(List<ArchiveReader> parts) throws IOException, InterruptedException {
        int clients = Math.max(1, options.clients() / parts.size());
        ExecutorService pool = Executors.newFixedThreadPool(parts.size(), r -> {
            Thread t = new Thread(r, "restore-part");
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<RunSummary> done = new ExecutorCompletionService<>(pool);
            for (ArchiveReader part : parts) {
                done.submit(() -> load(part, clients));
            }
            List<RunSummary> out = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                out.add(Futures.get(done.take(), "restoring a part"));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Per table: the documents of every part, the indexes and hook of the last step, the worst status. */
    static RunSummary merge(RunSummary created, List<RunSummary> loaded, RunSummary finished, Duration elapsed) {
        List<TableResult> tables = new ArrayList<>();
        List<String> warnings = new ArrayList<>(created.warnings());
        loaded.forEach(s -> warnings.addAll(s.warnings()));
        warnings.addAll(finished.warnings());
        for (TableResult last : finished.tables()) {
            List<TableResult> all = new ArrayList<>(resultsOf(created, last.table()));
            loaded.forEach(s -> all.addAll(resultsOf(s, last.table())));
            all.add(last);
            tables.add(combine(last, all, elapsed));
        }
        return new RunSummary(tables, List.copyOf(new java.util.LinkedHashSet<>(warnings)), elapsed);
    }

    private static List<TableResult> resultsOf(RunSummary summary, TableId table) {
        return summary.tables().stream().filter(r -> r.table().equals(table)).toList();
    }

    private static TableResult combine(TableResult last, List<TableResult> all, Duration elapsed) {
        TableResult.Status status = TableResult.Status.DONE;
        List<String> errors = new ArrayList<>();
        for (TableResult r : all) {
            if (r.status().compareTo(status) > 0 && r.status() != TableResult.Status.SKIPPED) {
                status = r.status();
            }
            if (r.error() != null) {
                errors.add(r.error());
            }
        }
        long documents = all.stream().mapToLong(TableResult::documents).sum();
        long bytes = all.stream().mapToLong(TableResult::bytes).sum();
        return new TableResult(last.table(), status, documents, bytes, last.indexes(), last.writeHook(), elapsed,
                errors.isEmpty() ? null : String.join("; ", errors));
    }

    /** The options of one step: the user's, with these switches. */
    private static RestoreOptions with(RestoreOptions o, boolean force, int clients, boolean indexes, boolean hooks,
                                       boolean config, boolean users) {
        return new RestoreOptions(o.selection(), force, clients, indexes, o.hardDurability(), o.shards(), o.replicas(),
                o.batchDocuments(), o.batchBytes(), o.renaming(), hooks, config, users, o.userPasswords(),
                o.skipBadTables(), o.retry(), null);
    }

    /** Passes on warnings, and table starts or document counts as the step asks; the merged results come last. */
    private record Forwarding(ProgressListener to, boolean starts, boolean documents) implements ProgressListener {
        @Override
        public void tableStarted(TableId table, TableId source, long estimatedDocuments) {
            if (starts) {
                to.tableStarted(table, source, estimatedDocuments);
            }
        }

        @Override
        public void documentsDone(TableId table, long count, long bytes) {
            if (documents) {
                to.documentsDone(table, count, bytes);
            }
        }

        @Override
        public void warning(String message) {
            to.warning(message);
        }
    }
}
