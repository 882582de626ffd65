package io.rethinkmigrate.engine.copy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Term;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes reduced batches of changes ({@link ChangeBatch}) into the target table: the documents that
 * exist after the changes with `insert(..., conflict: replace)`, the deleted keys with
 * `getAll(keys).delete()`.
 */
public final class ChangeApplier {
    private final TableId target;
    private final Term table;
    private final Map<String, Term> insertOptions;
    private final Map<String, Term> deleteOptions;

    public ChangeApplier(TableId target, boolean hardDurability) {
        this.target = target;
        this.table = Term.db(target.db()).table(target.table());
        String durability = hardDurability ? "hard" : "soft";
        this.insertOptions = new LinkedHashMap<>();
        insertOptions.put("conflict", Term.value("replace"));
        insertOptions.put("durability", Term.value(durability));
        this.deleteOptions = Map.of("durability", Term.value(durability));
    }

    Map<String, Term> insertOptions() {
        return insertOptions;
    }

    Map<String, Term> deleteOptions() {
        return deleteOptions;
    }

    /** Applies one batch; returns how many changes it stood for. */
    public int apply(Connection to, ChangeBatch batch) {
        Term upsert = batch.upsertTerm(table, insertOptions);
        if (upsert != null) {
            checkWrite(target, to.run(upsert));
        }
        Term delete = batch.deleteTerm(table, deleteOptions);
        if (delete != null) {
            checkWrite(target, to.run(delete));
        }
        return batch.changes();
    }

    /** A write result with errors is a server error naming the table. */
    static void checkWrite(TableId target, JsonNode result) {
        long errors = result.path("errors").asLong(0);
        if (errors > 0) {
            throw new MigrateException(ErrorKind.SERVER, "table " + target + ": " + errors
                    + " change(s) were refused: " + result.path("first_error").asText("unknown error"));
        }
    }
}
