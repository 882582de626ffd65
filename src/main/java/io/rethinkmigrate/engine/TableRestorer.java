package io.rethinkmigrate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.archive.IndexSpec;
import io.rethinkmigrate.archive.TableEntry;
import io.rethinkmigrate.archive.TableInfo;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Restores one table, in the order that keeps documents as they were: create the table, load every
 * document, and only after the last batch is acknowledged build the secondary indexes and set the write
 * hook (a hook set earlier would rewrite restored documents, as the official tool's does).
 */
final class TableRestorer {
    /** How long a created table may take to accept writes. */
    static final int READY_TIMEOUT_SECONDS = 300;

    private final RestoreConnections connections;
    /** The current control connection: taken again from {@link #connections} when it may have been replaced. */
    private Connection control;
    private final RestoreOptions options;
    private final ProgressListener listener;

    TableRestorer(RestoreConnections connections, RestoreOptions options, ProgressListener listener)
            throws InterruptedException {
        this.connections = connections;
        this.control = connections.control();
        this.options = options;
        this.listener = listener;
    }

    /**
     * What was restored into {@code id} (the archive's table, or its `--rename` target); problems with
     * indexes or the hook are returned, not thrown, as the data is in.
     */
    Outcome restore(TableEntry entry, TableId id, boolean exists, DocumentReader documents)
            throws IOException, InterruptedException {
        TableInfo info = entry.info();
        Term table = Term.db(id.db()).table(id.table());
        RestoreProgress progress = options.progress();
        control = connections.control(); // a connection lost during the last table is replaced here
        if (progress != null) {
            progress.tableStarted(id, !exists); // recorded before creating: a resume then knows it is ours
        }
        if (!exists) {
            create(id, info);
        }
        long[] loaded = load(id, documents);
        control = connections.control();
        List<String> problems = new ArrayList<>();
        int indexes = options.secondaryIndexes() ? restoreIndexes(id, table, info, problems) : 0;
        boolean hook = restoreWriteHook(id, table, info, problems);
        if (progress != null) {
            progress.tableDone(id); // after indexes and hook: a resume redoes them (both idempotent) if not
        }
        return new Outcome(loaded[0], loaded[1], indexes, hook, problems);
    }

    record Outcome(long documents, long bytes, int indexes, boolean writeHook, List<String> problems) {
    }

    private void create(TableId id, TableInfo info) {
        Map<String, Term> optargs = new LinkedHashMap<>();
        optargs.put("primary_key", Term.value(info.primaryKey()));
        if (options.shards() != null) {
            optargs.put("shards", Term.value(options.shards()));
        }
        if (options.replicas() != null) {
            optargs.put("replicas", Term.value(options.replicas()));
        }
        control.run(Term.db(id.db()).tableCreate(id.table(), optargs));
        waitUntilReady(Term.db(id.db()).table(id.table()));
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
     * Inserts the table's documents in batches, several in flight; a batch that fails for a transient
     * reason is retried (see {@link InsertPipeline}). On a resumed table, the documents an earlier run
     * had acknowledged as a prefix are read past, and the rest are inserted with `conflict: replace`, as
     * some of them may be in already. Returns the documents written (with the skipped prefix) and bytes.
     */
    private long[] load(TableId id, DocumentReader documents) throws IOException, InterruptedException {
        RestoreProgress progress = options.progress();
        boolean resuming = progress != null && progress.startedEarlier(id);
        long skip = progress == null ? 0 : progress.acknowledged(id);
        Map<String, Term> insertOptions = new LinkedHashMap<>();
        insertOptions.put("conflict", Term.value(options.force() || resuming ? "replace" : "error"));
        insertOptions.put("durability", Term.value(options.hardDurability() ? "hard" : "soft"));
        long bytes = 0;
        if (resuming) {
            waitUntilReady(Term.db(id.db()).table(id.table())); // created by the earlier run, maybe not ready
            bytes = skip(id, documents, skip);
            listener.documentsDone(id, skip, bytes);
        }
        LongConsumer prefix = progress == null ? null : acked -> progress.acknowledged(id, skip + acked);
        BatchBuilder batch = new BatchBuilder(options.batchDocuments(), options.batchBytes());
        try (InsertPipeline pipeline = new InsertPipeline(connections, id, insertOptions, connections.writerCount(),
                options.retry(), listener, prefix)) {
            try {
                RawJson document;
                while ((document = documents.next()) != null) {
                    if (batch.wouldOverflow(document)) {
                        int count = batch.documents();
                        pipeline.submit(batch.take(), count);
                    }
                    batch.add(document);
                    bytes += document.length();
                }
                if (!batch.isEmpty()) {
                    int count = batch.documents();
                    pipeline.submit(batch.take(), count);
                }
                return new long[] {skip + pipeline.awaitAll(), bytes};
            } catch (MigrateException e) {
                pipeline.drain();
                throw new LoadFailure(e, skip + pipeline.written());
            }
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
        Set<String> present = new HashSet<>();
        for (JsonNode status : control.run(table.indexStatus())) {
            present.add(status.path("index").asText());
        }
        List<String> created = new ArrayList<>();
        for (IndexSpec index : info.indexes()) {
            if (present.contains(index.name())) {
                created.add(index.name());
                continue;
            }
            if (!index.hasFunctionBlob()) {
                problems.add("index `" + index.name() + "` of " + id + " was not recreated: the archive has no function for it");
                continue;
            }
            try {
                control.run(table.indexCreate(index.name(), Term.datum(PseudoTypes.joinBase64Lines(index.function())), Map.of()));
                created.add(index.name());
            } catch (ReqlServerException e) {
                problems.add("index `" + index.name() + "` of " + id + " was not recreated: " + e.getMessage());
            }
        }
        if (!created.isEmpty()) {
            try {
                control.run(table.indexWait(created.toArray(String[]::new)));
            } catch (ReqlServerException e) {
                if (!ServerFeatures.isUnsupported(e)) {
                    throw e;
                }
            }
        }
        return created.size();
    }

    private boolean restoreWriteHook(TableId id, Term table, TableInfo info, List<String> problems) {
        JsonNode hook = info.writeHook();
        if (hook == null) {
            return false;
        }
        JsonNode function = hook.get("function");
        if (function == null || !function.isObject()) {
            problems.add("write hook of " + id + " was not restored: the archive has no function for it");
            return false;
        }
        try {
            control.run(table.setWriteHook(Term.datum(PseudoTypes.joinBase64Lines(function))));
            return true;
        } catch (ReqlServerException e) {
            problems.add("write hook of " + id + " was not restored: " + e.getMessage());
            return false;
        }
    }

    static MigrateException exists(List<TableId> tables, Object endpoint) {
        return new MigrateException(ErrorKind.TARGET_EXISTS, (tables.size() == 1 ? "table " : "tables ")
                + String.join(", ", tables.stream().map(TableId::toString).toList())
                + (tables.size() == 1 ? " already exists" : " already exist") + " on " + endpoint
                + " (use --force to write into existing tables)");
    }
}
