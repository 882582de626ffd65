package io.rethinkmigrate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.TableInfo;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What `verify` reads from a server, through the engine's own readers (catalog, `.info`-style metadata,
 * the paged primary-key scan), so that verify sees a table exactly as a dump would.
 */
public final class VerifyServerReader {
    /** About how many bytes one scan page holds (as a dump's default). */
    private static final long PAGE_BYTES = DumpOptions.defaults().targetPageBytes();

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

    /** Every document of the table in raw form (TIME/BINARY as `$reql_type$` objects); returns how many. */
    public static long scan(Connection connection, TableId table, String primaryKey, boolean readOutdated,
                            Consumer<RawJson> sink) throws IOException {
        GlobalOptions read = GlobalOptions.none().rawFormats();
        if (readOutdated) {
            read = read.readMode("outdated");
        }
        return new TableScanner(connection, table, primaryKey, read, PAGE_BYTES).scan(sink::accept);
    }
}
