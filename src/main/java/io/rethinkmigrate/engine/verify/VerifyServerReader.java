package io.rethinkmigrate.engine.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.engine.Catalog;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.read.TableMetadata;
import io.rethinkmigrate.engine.read.TableReads;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.util.List;

/**
 * What `verify` reads from a server besides the documents ({@link TableReads}), through the engine's own
 * readers (catalog, `.info`-style metadata), so that verify sees a table exactly as a dump would.
 */
final class VerifyServerReader {
    private VerifyServerReader() {
    }

    /** The tables the selection picks, sorted; the system database never. */
    public static List<TableId> tables(Connection connection, Selection selection) {
        return Catalog.read(connection).tables(selection);
    }

    /** The table's metadata as a dump's `.info` holds it (indexes with blobs, write hook). */
    public static TableInfo metadata(Connection connection, TableId table) {
        return TableMetadata.read(connection, table);
    }

    /** `table.config()`, or null when the server cannot say (reqlite, servers before 2.0). */
    public static JsonNode config(Connection connection, TableId table) {
        try {
            return connection.run(Term.db(table.db()).table(table.table()).config(), GlobalOptions.none().rawFormats());
        } catch (ReqlServerException e) {
            return null;
        }
    }
}
