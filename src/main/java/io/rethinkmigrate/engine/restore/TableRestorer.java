package io.rethinkmigrate.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.meta.TableSettings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.engine.ServerFeatures;
import io.rethinkmigrate.engine.write.BatchBuilder;
import io.rethinkmigrate.engine.write.InsertPipeline;
import io.rethinkmigrate.engine.write.RestoreConnections;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ReqlConnectionException;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Restores one table, in the order that keeps documents as they were: create the table, load every
 * document, and only after the last batch is acknowledged build the secondary indexes and set the write
 * hook (a hook set earlier would rewrite restored documents, as the official tool's does).
 *
 * <p>In two steps, so that a table can be finished while the next one is read: {@link #start} creates the
 * table and sends every document (several batches in flight); {@link #finish} waits for the last
 * acknowledgements, then builds indexes, sets the hook and the settings. The two may run on different
 * threads for different tables at once (the connections are shared and safe for that).
 */
final class TableRestorer {
    /** How long a created table may take to accept writes. */
    static final int READY_TIMEOUT_SECONDS = 300;

    private final RestoreConnections connections;
    /** The current control connection: taken again from {@link #connections} when it may have been replaced. */
    private volatile Connection control;
    private final RestoreOptions options;
    private final ProgressListener listener;
    private final List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The target's server names, read when first needed. */
    private List<String> servers;
    /** The UPDATE term (`table.config().update({...})` changes a table's settings). */
    private static final int UPDATE = 53;

    TableRestorer(RestoreConnections connections, RestoreOptions options, ProgressListener listener)
            throws InterruptedException {
        this.connections = connections;
        this.control = connections.control();
        this.options = options;
        this.listener = listener;
    }

    /**
     * Creates {@code id} (the archive's table, or its `--rename` target) unless it exists and sends every
     * document of the table; {@link #finish} completes it. A failure while reading or sending is thrown
     * (a {@link LoadFailure} saying how many documents were written) once no batch is in flight.
     */
    Loading start(TableEntry entry, TableId id, boolean exists, DocumentReader documents)
            throws IOException, InterruptedException {
        RestoreProgress progress = options.progress();
        control = connections.control(); // a connection lost during the last table is replaced here
        if (progress != null) {
            progress.tableStarted(id, !exists); // recorded before creating: a resume then knows it is ours
        }
        if (!exists) {
            create(id, entry.info(), entry.settings());
        }
        return load(entry, id, documents);
    }

    /**
     * Waits until every document of the table is acknowledged, then restores its indexes, hook and settings:
     * what was restored, with problems of indexes or the hook returned, not thrown, as the data is in.
     */
    Outcome finish(Loading loading) throws InterruptedException {
        TableId id = loading.id();
        long written;
        try (InsertPipeline pipeline = loading.pipeline()) {
            try {
                written = loading.skipped() + pipeline.awaitAll();
            } catch (MigrateException e) {
                pipeline.drain();
                throw new LoadFailure(e, loading.skipped() + pipeline.written());
            }
        }
        TableInfo info = loading.entry().info();
        Term table = Term.db(id.db()).table(id.table());
        control = connections.control();
        Finished finished = onControl(id, "restoring its indexes, write hook and settings", attempt -> {
            List<String> problems = new ArrayList<>();
            int indexes = options.secondaryIndexes() ? restoreIndexes(id, table, info, problems) : 0;
            boolean hook = options.writeHooks() && restoreWriteHook(id, table, info, problems);
            restoreSettings(id, table, loading.entry().settings());
            return new Finished(indexes, hook, problems);
        });
        RestoreProgress progress = options.progress();
        if (progress != null) {
            try {
                progress.tableDone(id); // after indexes, hook and settings: a resume redoes them (idempotent) if not
            } catch (IOException e) {
                throw new MigrateException(ErrorKind.IO, "progress record " + progress.file() + ": " + e.getMessage(), e);
            }
        }
        return new Outcome(written, loading.bytes(), finished.indexes(), finished.writeHook(), finished.problems());
    }

    /** What the steps after the data gave: indexes there, hook set, problems of either. */
    private record Finished(int indexes, boolean writeHook, List<String> problems) {
    }

    /** A step on the control connection that can run again from its start (it checks what is there). */
    @FunctionalInterface
    private interface ControlStep<T> {
        T run(int attempt);
    }

    /**
     * Runs {@code step}; when the control connection is lost during it, runs it again on a reopened one
     * ({@link RestoreConnections#control} waits with backoff), up to the retry policy's count. Why: the
     * index build of a big table holds the control connection for minutes, and a dropped link there
     * should cost a retry, not the run.
     */
    private <T> T onControl(TableId id, String what, ControlStep<T> step) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run(attempt);
            } catch (ReqlConnectionException e) {
                if (attempt > options.retry().retries()) {
                    throw e;
                }
                listener.warning("table " + id + ": connection lost while " + what + " (" + e.getMessage()
                        + "); trying again on a new connection");
                control = connections.control();
            }
        }
    }

    /** A table whose documents are all sent, some maybe not yet acknowledged. */
    record Loading(TableEntry entry, TableId id, InsertPipeline pipeline, long skipped, long bytes) {
    }

    record Outcome(long documents, long bytes, int indexes, boolean writeHook, List<String> problems) {
    }

    /**
     * Warnings that do not make a table incomplete (a layout the target could not hold, a setting it does
     * not have); the caller takes them after each table.
     */
    List<String> takeWarnings() {
        synchronized (warnings) { // the finisher's thread may add one meanwhile
            List<String> out = List.copyOf(warnings);
            warnings.clear();
            return out;
        }
    }

    /**
     * Creates the table with its primary key and, from `--shards`/`--replicas` or else the archive's
     * {@code table.config()}, its shard and replica counts, capped to the target's servers. When the target
     * has every server the saved shards name, they are then assigned exactly as saved (primary and
     * non-voting replicas included), before any data, so that nothing is moved after the load.
     */
    private void create(TableId id, TableInfo info, TableSettings settings) throws InterruptedException {
        TableLayout layout = TableLayout.plan(id, options, settings, this::targetServers);
        warnings.addAll(layout.warnings());
        Map<String, Term> optargs = new LinkedHashMap<>();
        optargs.put("primary_key", Term.value(info.primaryKey()));
        if (layout.shards() != null) {
            optargs.put("shards", Term.value(layout.shards()));
        }
        if (layout.replicas() != null) {
            optargs.put("replicas", Term.value(layout.replicas()));
        }
        Term table = Term.db(id.db()).table(id.table());
        onControl(id, "creating it", attempt -> {
            // a create cut off may have been carried out or not: after a lost connection, look first
            if (attempt == 1 || !tableExists(id)) {
                control.run(Term.db(id.db()).tableCreate(id.table(), optargs));
            }
            if (layout.exactShards() != null) {
                waitUntilReady(table);
                ObjectNode change = Json.mapper().createObjectNode();
                change.set("shards", layout.exactShards());
                updateConfig(id, table, change, "the saved assignment of shards to servers");
            }
            waitUntilReady(table);
            return null;
        });
    }

    /** Names of the target's servers (`rethinkdb.server_status`), read once; empty when it cannot tell (reqlite). */
    private List<String> targetServers() {
        if (servers == null) {
            List<String> names = new ArrayList<>();
            try {
                for (JsonNode server : control.run(Term.db("rethinkdb").table("server_status"),
                        GlobalOptions.none().rawFormats())) {
                    if (server.path("name").isTextual()) {
                        names.add(server.get("name").asText());
                    }
                }
            } catch (ReqlServerException e) {
                // a server without the system table (reqlite, old versions): the counts are tried as given
            }
            servers = names;
        }
        return servers;
    }

    /**
     * The settings step, after the data, indexes and hook: write acks and durability as saved (skipped with
     * `--no-config`, for official archives, and when they are the server's defaults, which a new table has).
     */
    private void restoreSettings(TableId id, Term table, TableSettings settings) {
        if (!options.config() || settings == null || settings.config() == null) {
            return;
        }
        ObjectNode change = Json.mapper().createObjectNode();
        JsonNode acks = settings.writeAcks();
        if (acks != null && !acks.isNull() && !"majority".equals(acks.asText(null))) {
            change.set("write_acks", acks);
        }
        String durability = settings.durability();
        if (durability != null && !"hard".equals(durability)) {
            change.put("durability", durability);
        }
        if (!change.isEmpty()) {
            updateConfig(id, table, change, "write_acks/durability " + Json.write(change));
        }
    }

    /** {@code table.config().update(change)}; a target that cannot (reqlite) or refuses is a warning. */
    private void updateConfig(TableId id, Term table, ObjectNode change, String what) {
        try {
            JsonNode result = control.run(Term.of(UPDATE, List.of(table.config(), Term.datum(change)), Map.of()));
            if (result.path("errors").asLong(0) > 0) {
                warnings.add(id + ": " + what + " not restored: " + result.path("first_error").asText("refused"));
            }
        } catch (ReqlServerException e) {
            warnings.add(id + ": " + what + " not restored: the target cannot change table settings ("
                    + e.serverMessage() + ")");
        }
    }

    private boolean tableExists(TableId id) {
        for (JsonNode name : control.run(Term.db(id.db()).tableList())) {
            if (name.asText().equals(id.table())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A new table may not accept writes at once (rethinkdb #5154); servers without `wait` are ready.
     * Bounded, so that a table that never becomes ready fails with its name instead of hanging the run.
     */
    private void waitUntilReady(Term table) {
        try {
            control.run(table.waitReady(READY_TIMEOUT_SECONDS));
        } catch (ReqlServerException e) {
            if (!ServerFeatures.isUnsupported(e)) {
                throw e;
            }
        }
    }

    /**
     * Sends the table's documents in batches, several in flight; a batch that fails for a transient
     * reason is retried (see {@link InsertPipeline}). On a resumed table, the documents an earlier run
     * had acknowledged as a prefix are read past, and the rest are inserted with `conflict: replace`, as
     * some of them may be in already. The pipeline is left open for {@link #finish}, unless this fails.
     */
    private Loading load(TableEntry entry, TableId id, DocumentReader documents) throws IOException, InterruptedException {
        RestoreProgress progress = options.progress();
        boolean resuming = progress != null && progress.startedEarlier(id);
        long skip = progress == null ? 0 : progress.acknowledged(id);
        long bytes = 0;
        if (resuming) {
            waitUntilReady(Term.db(id.db()).table(id.table())); // created by the earlier run, maybe not ready
            bytes = skip(id, documents, skip);
            listener.documentsDone(id, skip, bytes);
        }
        LongConsumer prefix = progress == null ? null : acked -> progress.acknowledged(id, skip + acked);
        InsertPipeline pipeline = new InsertPipeline(connections, id, insertOptions(resuming), connections.writerCount(),
                options.retry(), listener, prefix);
        boolean sent = false;
        try {
            bytes += sendAll(documents, pipeline);
            sent = true;
            return new Loading(entry, id, pipeline, skip, bytes);
        } catch (MigrateException e) {
            pipeline.drain();
            throw new LoadFailure(e, skip + pipeline.written());
        } finally {
            if (!sent) {
                pipeline.close();
            }
        }
    }

    private Map<String, Term> insertOptions(boolean resuming) {
        Map<String, Term> insertOptions = new LinkedHashMap<>();
        insertOptions.put("conflict", Term.value(options.force() || resuming ? "replace" : "error"));
        insertOptions.put("durability", Term.value(options.hardDurability() ? "hard" : "soft"));
        return insertOptions;
    }

    /** Submits every document left in the reader, in batches; returns their bytes. */
    private long sendAll(DocumentReader documents, InsertPipeline pipeline) throws IOException, InterruptedException {
        BatchBuilder batch = new BatchBuilder(options.batchDocuments(), options.batchBytes());
        long bytes = 0;
        RawJson document;
        while ((document = documents.next()) != null) {
            bytes += document.length();
            if (batch.oversized(document)) {
                submitIfAny(batch, pipeline);
                // one copy out of the reader's buffer, which the next document reuses
                pipeline.submitAlone(RawJson.of(document.toByteArray()));
                continue;
            }
            if (batch.wouldOverflow(document)) {
                submitIfAny(batch, pipeline);
            }
            batch.add(document);
        }
        submitIfAny(batch, pipeline);
        return bytes;
    }

    private static void submitIfAny(BatchBuilder batch, InsertPipeline pipeline) throws InterruptedException {
        if (!batch.isEmpty()) {
            int count = batch.documents();
            pipeline.submit(batch.take(), count);
        }
    }

    /** Reads past the first {@code count} documents (acknowledged by an earlier run); returns their bytes. */
    private static long skip(TableId id, DocumentReader documents, long count) throws IOException {
        long bytes = 0;
        for (long i = 0; i < count; i++) {
            RawJson document = documents.next();
            if (document == null) {
                throw new MigrateException(ErrorKind.ARCHIVE_INCONSISTENT, "table " + id + ": the progress record says "
                        + count + " documents were restored, the archive has only " + i + " (" + documents.position() + ")");
            }
            bytes += document.length();
        }
        return bytes;
    }

    /** A table whose documents could not all be written; says how many were, for the summary. */
    static final class LoadFailure extends MigrateException {
        private final long written;

        LoadFailure(MigrateException cause, long written) {
            super(cause.kind(), cause.getMessage(), cause);
            this.written = written;
        }

        long written() {
            return written;
        }
    }

    private int restoreIndexes(TableId id, Term table, TableInfo info, List<String> problems) {
        return new IndexRestorer(control, listener, "the archive").restore(id, table, info.indexes(), problems);
    }

    private boolean restoreWriteHook(TableId id, Term table, TableInfo info, List<String> problems) {
        return new IndexRestorer(control, listener, "the archive").setWriteHook(id, table, info.writeHook(), problems);
    }

    static MigrateException exists(List<TableId> tables, Object endpoint) {
        return new MigrateException(ErrorKind.TARGET_EXISTS, (tables.size() == 1 ? "table " : "tables ")
                + String.join(", ", tables.stream().map(TableId::toString).toList())
                + (tables.size() == 1 ? " already exists" : " already exist") + " on " + endpoint
                + " (use --force to write into existing tables)");
    }
}
