package io.rethinkmigrate.engine.copy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.engine.PseudoTypes;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.read.TableScanner;
import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.engine.write.BatchBuilder;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.Term;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings a followed target table back in line with its source after the feed lost changes (a dropped
 * connection on either side, or the server's feed queue overflowing): the simplest approach that is
 * correct whatever was missed. A new feed is opened first (by the caller), then every source document
 * is written again with `conflict: replace`, then every target key the source no longer has is deleted.
 * Changes made meanwhile are in the new feed and are applied afterwards, so the end state is the source's.
 *
 * <p>Cost: one full read of both tables and a rewrite of the target's documents; memory: one page and
 * one batch.
 */
final class TableResync {
    /** Target keys checked against the source in one query. */
    static final int KEYS_PER_CHECK = 1_000;

    record Outcome(long written, long deleted) {
    }

    private final TableId source;
    private final TableId target;
    private final String primaryKey;
    private final Map<String, Term> insertOptions;
    private final Map<String, Term> deleteOptions;

    TableResync(TableId source, TableId target, String primaryKey, Map<String, Term> insertOptions,
                Map<String, Term> deleteOptions) {
        this.source = source;
        this.target = target;
        this.primaryKey = primaryKey;
        this.insertOptions = insertOptions;
        this.deleteOptions = deleteOptions;
    }

    Outcome run(Connection from, Connection to) throws IOException {
        GlobalOptions raw = GlobalOptions.none().rawFormats();
        Term targetTable = Term.db(target.db()).table(target.table());
        Term sourceTable = Term.db(source.db()).table(source.table());
        BatchBuilder batch = new BatchBuilder(RestoreOptions.DEFAULT_BATCH_DOCUMENTS, RestoreOptions.DEFAULT_BATCH_BYTES);
        long[] written = {0};
        new TableScanner(from, source, primaryKey, raw, DumpOptions.DEFAULT_PAGE_BYTES).scan(doc -> {
            if (batch.wouldOverflow(doc)) {
                written[0] += insert(to, targetTable, batch);
            }
            batch.add(doc);
        });
        if (!batch.isEmpty()) {
            written[0] += insert(to, targetTable, batch);
        }
        List<JsonNode> keys = new ArrayList<>();
        long[] deleted = {0};
        new TableScanner(to, target, primaryKey, raw, DumpOptions.DEFAULT_PAGE_BYTES).scan(doc -> {
            keys.add(PseudoTypes.joinBase64Lines(Json.parse(doc).get(primaryKey)));
            if (keys.size() >= KEYS_PER_CHECK) {
                deleted[0] += deleteAbsent(from, sourceTable, to, targetTable, keys, raw);
                keys.clear();
            }
        });
        if (!keys.isEmpty()) {
            deleted[0] += deleteAbsent(from, sourceTable, to, targetTable, keys, raw);
        }
        return new Outcome(written[0], deleted[0]);
    }

    private long insert(Connection to, Term table, BatchBuilder batch) {
        int count = batch.documents();
        RawJson array = batch.take();
        JsonNode result = to.run(table.insert(Term.json(array), insertOptions));
        ChangeApplier.checkWrite(target, result);
        return count;
    }

    /** Deletes from the target those of {@code keys} that the source does not have. */
    private long deleteAbsent(Connection from, Term sourceTable, Connection to, Term targetTable, List<JsonNode> keys,
                              GlobalOptions raw) {
        Set<String> present = new HashSet<>();
        for (JsonNode key : from.run(ChangeBatch.getAll(sourceTable, keys).getField(primaryKey), raw)) {
            present.add(Json.write(PseudoTypes.joinBase64Lines(key)));
        }
        List<JsonNode> absent = keys.stream().filter(k -> !present.contains(Json.write(k))).toList();
        if (absent.isEmpty()) {
            return 0;
        }
        JsonNode result = to.run(ChangeBatch.getAll(targetTable, absent).delete(deleteOptions));
        if (result.path("errors").asLong(0) > 0) {
            throw new MigrateException(ErrorKind.SERVER, "table " + target + ": deleting documents the source no longer has: "
                    + result.path("first_error").asText("unknown error"));
        }
        return result.path("deleted").asLong(0);
    }
}
