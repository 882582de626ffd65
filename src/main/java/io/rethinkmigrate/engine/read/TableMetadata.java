package io.rethinkmigrate.engine.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.meta.TableSettings;
import io.rethinkmigrate.engine.ServerFeatures;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;

/**
 * Builds a table's `.info` the way the official dump does: `table.info()` with `indexes` replaced by the
 * raw `index_status()` list (function blobs included) and `write_hook` added.
 */
public final class TableMetadata {
    private TableMetadata() {
    }

    public static TableInfo read(Connection connection, TableId table) {
        Term t = Term.db(table.db()).table(table.table());
        GlobalOptions raw = GlobalOptions.none().rawFormats();
        JsonNode info = connection.run(t.info(), raw);
        if (!(info instanceof ObjectNode object)) {
            throw new MigrateException(ErrorKind.SERVER, "table " + table + ": info() did not return an object");
        }
        object.set("indexes", connection.run(t.indexStatus(), raw));
        object.set("write_hook", writeHook(connection, t, raw));
        return new TableInfo(object);
    }

    /**
     * The table's {@code .config} member: primary key, raw {@code table.config()} (null when the server
     * cannot give it), and the raw index list and write hook already read for the {@code .info}.
     */
    public static TableSettings settings(TableInfo info, JsonNode config) {
        return TableSettings.of(info.primaryKey(), config, info.raw().get("indexes"), info.raw().get("write_hook"));
    }

    private static JsonNode writeHook(Connection connection, Term table, GlobalOptions raw) {
        try {
            JsonNode hook = connection.run(table.getWriteHook(), raw);
            return hook == null ? NullNode.getInstance() : hook;
        } catch (ReqlServerException e) {
            if (ServerFeatures.isUnsupported(e)) {
                return NullNode.getInstance(); // server older than 2.3.7: tables cannot have hooks
            }
            throw e;
        }
    }
}
