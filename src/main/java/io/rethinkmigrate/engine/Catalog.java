package io.rethinkmigrate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The databases and tables a server holds, as the engine needs them. */
public final class Catalog {
    private final Set<String> databases;
    private final Set<TableId> tables;

    private Catalog(Set<String> databases, Set<TableId> tables) {
        this.databases = databases;
        this.tables = tables;
    }

    /** Reads every database and table, the system database included (the selection filters it out). */
    public static Catalog read(Connection connection) {
        Set<String> dbs = new TreeSet<>();
        Set<TableId> tables = new TreeSet<>();
        for (JsonNode db : connection.run(Term.dbList())) {
            dbs.add(db.asText());
        }
        for (String db : dbs) {
            if (Selection.SYSTEM_DB.equals(db)) {
                continue;
            }
            for (JsonNode table : connection.run(Term.db(db).tableList())) {
                tables.add(new TableId(db, table.asText()));
            }
        }
        return new Catalog(dbs, tables);
    }

    public boolean hasDatabase(String db) {
        return databases.contains(db);
    }

    /** Records a database created during the run. */
    public void addDatabase(String db) {
        databases.add(db);
    }

    /** Records a database dropped during the run (one created for a table that could not be restored). */
    public void removeDatabase(String db) {
        databases.remove(db);
    }

    public boolean hasTable(TableId table) {
        return tables.contains(table);
    }

    public List<TableId> tables(Selection selection) {
        List<TableId> out = new ArrayList<>();
        for (TableId t : tables) {
            if (selection.includes(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
