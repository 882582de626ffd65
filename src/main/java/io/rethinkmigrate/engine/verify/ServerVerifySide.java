package io.rethinkmigrate.engine.verify;

import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.read.TableReads;
import io.rethinkmigrate.engine.schedule.PerTable;
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
    /** Each table's metadata from {@link #read}, so that the key passes after it need not read it again. */
    private final Map<TableId, TableInfo> infos = new HashMap<>();

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
        List<SideTable> sides;
        try (Connection control = connections.open()) {
            sides = named(() -> PerTable.run(VerifyServerReader.tables(control, selection), reads.options().clients(),
                    table -> new SideTable(table, VerifyServerReader.metadata(control, table),
                            VerifyServerReader.config(control, table), new TableDigest())));
        }
        List<TableReads.Table> tables = new ArrayList<>();
        for (SideTable side : sides) {
            infos.put(side.table(), side.info());
            String pk = side.info().primaryKey();
            tables.add(new TableReads.Table(side.table(), side.info(), doc -> side.digest().add(CanonicalJson.of(doc, pk))));
        }
        readAll(tables);
        Map<TableId, SideTable> out = new TreeMap<>();
        sides.forEach(side -> out.put(side.table(), side));
        return out;
    }

    @Override
    public Map<TableId, Map<String, Long>> keys(Map<TableId, KeyFilter> filters) throws IOException, InterruptedException {
        List<TableId> unread = filters.keySet().stream().filter(table -> !infos.containsKey(table)).toList();
        if (!unread.isEmpty()) { // keys asked without a read first
            try (Connection control = connections.open()) {
                List<TableInfo> read = named(() -> PerTable.run(unread, reads.options().clients(),
                        table -> VerifyServerReader.metadata(control, table)));
                for (int i = 0; i < unread.size(); i++) {
                    infos.put(unread.get(i), read.get(i));
                }
            }
        }
        Map<TableId, Map<String, Long>> out = new HashMap<>();
        List<TableReads.Table> tables = new ArrayList<>();
        for (Map.Entry<TableId, KeyFilter> e : filters.entrySet()) {
            KeyFilter filter = e.getValue();
            Map<String, Long> keys = new HashMap<>();
            out.put(e.getKey(), keys);
            tables.add(new TableReads.Table(e.getKey(), infos.get(e.getKey()), doc -> {
                CanonicalJson.Document d = CanonicalJson.of(doc, filter.primaryKey());
                if (filter.takes(d.primaryKey())) {
                    long hash = DocumentHash.hash64(d.canonical());
                    synchronized (keys) { // the table's ranges are read at the same time
                        keys.put(d.primaryKeyText(), hash);
                    }
                }
            }));
        }
        readAll(tables);
        return out;
    }

    private void readAll(List<TableReads.Table> tables) throws IOException, InterruptedException {
        named(() -> {
            reads.read(tables);
            return null;
        });
    }

    private interface Step<T> {
        T run() throws IOException, InterruptedException;
    }

    /** Runs a step; a failure's message starts with this side's name (both sides may be servers). */
    private <T> T named(Step<T> step) throws IOException, InterruptedException {
        try {
            return step.run();
        } catch (MigrateException e) {
            throw new MigrateException(e.kind(), describe + ": " + e.getMessage(), e);
        }
    }
}
