package io.rethinkmigrate.engine.read;

import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.schedule.PerTable;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads whole tables of a live server the way a dump does, for the commands that read a cluster without
 * writing an archive (`verify`'s server side, `copy`'s source): each table is cut into key ranges
 * ({@link RangePlanner}); the ranges of all the tables given are read {@link DumpOptions#clients()} at a
 * time, biggest table first, on connections kept from one range to the next, and each range resumes
 * after a lost connection. A table's documents reach its sink from several threads at once, in no
 * particular order.
 */
public final class TableReads {
    /** One table to read and where its documents go (called from several reader threads at once). */
    public record Table(TableId id, TableInfo info, DocumentSink sink) {
    }

    private final ConnectionFactory server;
    private final DumpOptions options;

    /** Only the reading part of {@code options} is used: clients, read mode, range and page sizes, retries. */
    public TableReads(ConnectionFactory server, DumpOptions options) {
        this.server = server;
        this.options = options;
    }

    public DumpOptions options() {
        return options;
    }

    /** Reads every document of the tables into their sinks. A failure names its table ("reading db.table: ..."). */
    public void read(List<Table> tables) throws IOException, InterruptedException {
        try (ReaderConnections readers = new ReaderConnections(server)) {
            List<RangeReadTask> ranges = new ArrayList<>();
            plan(tables, readers).forEach(ranges::addAll);
            options.scheduler().runAll(ranges, options.clients());
        }
    }

    /** Each table's ranges, the tables planned a few at once over one connection (then a reader's). */
    private List<List<RangeReadTask>> plan(List<Table> tables, ReaderConnections readers) throws InterruptedException {
        Map<TableId, Table> byId = new HashMap<>();
        tables.forEach(t -> byId.put(t.id(), t));
        Connection control = readers.open();
        try {
            return PerTable.run(tables.stream().map(Table::id).toList(), options.clients(), id -> {
                Table t = byId.get(id);
                RangePlanner.Plan plan;
                try {
                    plan = RangePlanner.plan(control, id, t.info(), options);
                } catch (MigrateException e) {
                    throw new MigrateException(e.kind(), "reading " + id + ": " + e.getMessage(), e);
                }
                AtomicBoolean wholeRangesFit = new AtomicBoolean(plan.wholeReads());
                List<RangeReadTask> ranges = new ArrayList<>();
                for (KeyRange range : plan.ranges()) {
                    ranges.add(new RangeReadTask(id, t.info().primaryKey(), t.info().estimatedDocuments(), range,
                            plan.firstPageLength(), wholeRangesFit, readers, options, t.sink()));
                }
                return ranges;
            });
        } finally {
            readers.release(control); // becomes a reader's connection
        }
    }
}
