package io.rethinkmigrate.engine.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.archive.TableInfo;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.DumpOptions;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.TableReads;
import io.rethinkmigrate.engine.VerifyServerReader;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A live cluster as a verify side: its tables read as a dump reads them ({@link TableReads}: key ranges,
 * {@code clients} at once, resuming after lost connections), so that verify sees a table exactly as a
 * dump would, and as fast.
 */
public final class ServerVerifySide implements VerifySide {
    private final ConnectionFactory connections;
    private final String describe;
    private final TableReads reads;

    /** {@code reading}: clients, read mode, range sizes and retries, as for a dump. */
    public ServerVerifySide(ConnectionFactory connections, String describe, DumpOptions reading) {
        this.connections = connections;
        this.describe = describe;
        this.reads = new TableReads(connections, reading);
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public boolean rereadable() {
        return true;
    }

    @Override
    public Map<TableId, SideTable> read(Selection selection) throws IOException, InterruptedException {
        List<SideTable> sides = new ArrayList<>();
        List<TableReads.Table> tables = new ArrayList<>();
        try (Connection control = connections.open()) {
            for (TableId table : VerifyServerReader.tables(control, selection)) {
                TableInfo info = VerifyServerReader.metadata(control, table);
                JsonNode settings = VerifyServerReader.config(control, table);
                TableDigest digest = new TableDigest();
                String pk = info.primaryKey();
                sides.add(new SideTable(table, info, settings, digest));
                tables.add(new TableReads.Table(table, info, doc -> digest.add(CanonicalJson.of(doc, pk))));
            }
        }
        readAll(tables);
        Map<TableId, SideTable> out = new TreeMap<>();
        sides.forEach(side -> out.put(side.table(), side));
        return out;
    }

    @Override
    public Map<TableId, Map<String, Long>> keys(Map<TableId, KeyFilter> filters) throws IOException, InterruptedException {
        Map<TableId, Map<String, Long>> out = new HashMap<>();
        List<TableReads.Table> tables = new ArrayList<>();
        try (Connection control = connections.open()) {
            for (Map.Entry<TableId, KeyFilter> e : filters.entrySet()) {
                KeyFilter filter = e.getValue();
                Map<String, Long> keys = new HashMap<>();
                out.put(e.getKey(), keys);
                TableInfo info = VerifyServerReader.metadata(control, e.getKey());
                tables.add(new TableReads.Table(e.getKey(), info, doc -> {
                    CanonicalJson.Document d = CanonicalJson.of(doc, filter.primaryKey());
                    if (filter.takes(d.primaryKey())) {
                        long hash = DocumentHash.hash64(d.canonical());
                        synchronized (keys) { // the table's ranges are read at the same time
                            keys.put(d.primaryKeyText(), hash);
                        }
                    }
                }));
            }
        }
        readAll(tables);
        return out;
    }

    private void readAll(List<TableReads.Table> tables) throws IOException, InterruptedException {
        try {
            reads.read(tables);
        } catch (MigrateException e) {
            throw new MigrateException(e.kind(), describe + ": " + e.getMessage(), e);
        }
    }
}
