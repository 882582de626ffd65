package io.rethinkmigrate.engine.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.engine.Catalog;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * `index-rebuild`: rebuilds secondary indexes without taking them away. Each index is built again under
 * a temporary name from its own function ({@code index_status()}'s blob; its query text when the server
 * cannot read the blob), waited for, then renamed over the old one with {@code overwrite}, which swaps
 * them at once: queries using the index never find it missing. On any failure the old index stays and
 * the temporary one is dropped. By default only indexes the server reports {@code outdated} (built by an
 * older version) are rebuilt.
 */
public record IndexRebuilder(ConnectionFactory connections, IndexRebuildOptions options, ProgressListener listener) {
    /** Prefix of the temporary index; a leftover from an interrupted run is dropped before rebuilding. */
    public static final String TEMP_PREFIX = "$reql_temp_index$_";

    /** One index to rebuild: its table, status entry and whether a temporary index of it is left over. */
    private record Job(TableId table, IndexSpec index, boolean leftover) {
    }

    /** What became of one table's indexes. */
    private static final class TableProgress {
        final long started = System.nanoTime();
        final int total;
        int finished;
        int rebuilt;
        boolean announced;
        final List<String> problems = new ArrayList<>();

        TableProgress(int total) {
            this.total = total;
        }
    }

    public RunSummary rebuild() throws InterruptedException {
        long started = System.nanoTime();
        List<String> warnings = new ArrayList<>();
        Map<TableId, List<Job>> plan = new LinkedHashMap<>();
        try (Connection control = connections.open()) {
            Catalog catalog = Catalog.read(control);
            checkSelectionExists(catalog, control);
            warnings.addAll(options.selection().unmatched("-r/--rebuild", "--exclude", catalog.tables(Selection.all())));
            for (TableId table : catalog.tables(options.selection())) {
                List<Job> jobs = jobs(table, control.run(term(table).indexStatus(), GlobalOptions.none().rawFormats()));
                if (!jobs.isEmpty()) {
                    plan.put(table, jobs);
                }
            }
        }
        warnings.forEach(listener::warning);
        plan.forEach((table, jobs) -> listener.tablePlanned(table, -1));
        List<TableResult> results = run(plan);
        return new RunSummary(results, warnings, Duration.ofNanos(System.nanoTime() - started));
    }

    private List<Job> jobs(TableId table, JsonNode statuses) {
        List<String> names = new ArrayList<>();
        statuses.forEach(s -> names.add(s.path("index").asText()));
        List<Job> jobs = new ArrayList<>();
        for (JsonNode status : statuses) {
            String name = status.path("index").asText();
            if (name.startsWith(TEMP_PREFIX) || !(options.force() || status.path("outdated").asBoolean(false))) {
                continue;
            }
            JsonNode query = status.get("query");
            IndexSpec spec = new IndexSpec(name, status.get("function"), status.path("multi").asBoolean(false),
                    status.path("geo").asBoolean(false), query != null && query.isTextual() ? query.asText() : null);
            jobs.add(new Job(table, spec, names.contains(TEMP_PREFIX + name)));
        }
        return jobs;
    }

    /** Rebuilds every planned index, {@code concurrency} at once, each worker on its own connection. */
    private List<TableResult> run(Map<TableId, List<Job>> plan) throws InterruptedException {
        List<Job> all = plan.values().stream().flatMap(List::stream).toList();
        if (all.isEmpty()) {
            return new ArrayList<>();
        }
        Map<TableId, TableProgress> progress = new LinkedHashMap<>();
        plan.forEach((table, jobs) -> progress.put(table, new TableProgress(jobs.size())));
        List<TableResult> results = new ArrayList<>();
        int workers = Math.min(options.concurrency(), all.size());
        BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(workers);
        ExecutorService executor = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "index-rebuild");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < workers; i++) {
                pool.add(connections.open());
            }
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : all) {
                futures.add(executor.submit(() -> rebuildOnPooled(pool, job, progress.get(job.table()), results)));
            }
            awaitAll(futures, executor);
        } finally {
            executor.shutdownNow();
            pool.forEach(Connection::close);
        }
        return inPlanOrder(plan, results);
    }

    private Void rebuildOnPooled(BlockingQueue<Connection> pool, Job job, TableProgress table, List<TableResult> results)
            throws InterruptedException {
        Connection connection = pool.take();
        try {
            synchronized (table) {
                if (!table.announced) {
                    table.announced = true;
                    listener.tableStarted(job.table(), -1);
                }
            }
            String problem = rebuild(connection, job);
            finish(job.table(), table, problem, results);
        } finally {
            pool.add(connection);
        }
        return null;
    }

    /** Waits for every job; the first failure stops the others and is rethrown. */
    private static void awaitAll(List<Future<?>> futures, ExecutorService executor) throws InterruptedException {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                executor.shutdownNow();
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new MigrateException(ErrorKind.INTERNAL, "index rebuild failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /** The results in plan order, not completion order. */
    private static List<TableResult> inPlanOrder(Map<TableId, List<Job>> plan, List<TableResult> results) {
        List<TableResult> ordered = new ArrayList<>();
        for (TableId table : plan.keySet()) {
            results.stream().filter(r -> r.table().equals(table)).findFirst().ifPresent(ordered::add);
        }
        return ordered;
    }

    private void finish(TableId id, TableProgress table, String problem, List<TableResult> results) {
        TableResult result = null;
        synchronized (table) {
            table.finished++;
            if (problem == null) {
                table.rebuilt++;
            } else {
                table.problems.add(problem);
            }
            if (table.finished == table.total) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - table.started);
                result = table.problems.isEmpty()
                        ? TableResult.done(id, 0, 0, table.rebuilt, false, elapsed)
                        : new TableResult(id, TableResult.Status.INCOMPLETE, 0, 0, table.rebuilt, false, elapsed,
                                String.join("; ", table.problems));
            }
        }
        if (result != null) {
            synchronized (results) {
                results.add(result);
            }
            listener.tableFinished(result);
        }
    }

    /**
     * Rebuilds one index: temporary index from the same function, wait, rename over the old one. Returns
     * null when done, else what went wrong (the old index is then untouched and the temporary one gone).
     */
    private String rebuild(Connection connection, Job job) {
        String name = job.index().name();
        String temp = TEMP_PREFIX + name;
        Term table = term(job.table());
        String label = "index `" + name + "` of " + job.table();
        try {
            if (job.leftover()) {
                connection.run(table.indexDrop(temp));  // an interrupted earlier run's; it may be half built
            }
        } catch (ReqlServerException e) {
            return label + " was not rebuilt: the leftover temporary index `" + temp + "` could not be dropped: " + e.getMessage();
        }
        IndexCreator.Outcome created = new IndexCreator(connection, "its index_status").create(table, temp, job.index());
        if (!created.created()) {
            return label + " was not rebuilt (the old index is kept): " + created.failure();
        }
        if (created.note() != null) {
            listener.warning(label + " was rebuilt from its query text: " + created.note());
        }
        try {
            connection.run(table.indexWait(temp));
            connection.run(table.indexRename(temp, name, true));
            return null;
        } catch (ReqlServerException e) {
            String dropped = dropQuietly(connection, table, temp);
            return label + " was not rebuilt (the old index is kept): " + e.getMessage() + dropped;
        }
    }

    private static String dropQuietly(Connection connection, Term table, String temp) {
        try {
            connection.run(table.indexDrop(temp));
            return "";
        } catch (ReqlServerException e) {
            return "; the temporary index `" + temp + "` could not be dropped either: " + e.getMessage();
        }
    }

    private static Term term(TableId table) {
        return Term.db(table.db()).table(table.table());
    }

    private void checkSelectionExists(Catalog catalog, Connection control) {
        for (String db : options.selection().databases()) {
            if (!catalog.hasDatabase(db)) {
                throw new MigrateException(ErrorKind.USAGE, "-r/--rebuild: database `" + db + "` does not exist on "
                        + control.endpoint());
            }
        }
        for (TableId table : options.selection().tables()) {
            if (!catalog.hasTable(table)) {
                throw new MigrateException(ErrorKind.USAGE, "-r/--rebuild: table `" + table + "` does not exist on "
                        + control.endpoint());
            }
        }
    }
}
