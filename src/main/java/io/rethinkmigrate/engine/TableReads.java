package io.rethinkmigrate.engine;

import io.rethinkmigrate.archive.TableInfo;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Reads every document of the tables into their sinks; returns how many each gave, in the order given.
     * A failure names its table ("reading db.table: ...").
     */
    public List<Long> read(List<Table> tables) throws IOException, InterruptedException {
        try (ReaderConnections readers = new ReaderConnections(server)) {
            List<List<RangeReadTask>> perTable = plan(tables, readers);
            List<RangeReadTask> all = new ArrayList<>();
            perTable.forEach(all::addAll);
            List<Long> documents = options.scheduler().runAll(all, options.clients());
            List<Long> totals = new ArrayList<>();
            int next = 0;
            for (List<RangeReadTask> ranges : perTable) {
                long total = 0;
                for (int i = 0; i < ranges.size(); i++) {
                    total += documents.get(next++);
                }
                totals.add(total);
            }
            return totals;
        }
    }

    private List<List<RangeReadTask>> plan(List<Table> tables, ReaderConnections readers) {
        List<List<RangeReadTask>> perTable = new ArrayList<>();
        Connection control = readers.open();
        try {
            for (Table t : tables) {
                RangePlanner.Plan plan;
                try {
                    plan = RangePlanner.plan(control, t.id(), t.info(), options);
                } catch (MigrateException e) {
                    throw new MigrateException(e.kind(), "reading " + t.id() + ": " + e.getMessage(), e);
                }
                AtomicBoolean wholeRangesFit = new AtomicBoolean(plan.wholeReads());
                List<RangeReadTask> ranges = new ArrayList<>();
                for (KeyRange range : plan.ranges()) {
                    ranges.add(new RangeReadTask(t.id(), t.info().primaryKey(), t.info().estimatedDocuments(), range,
                            plan.firstPageLength(), wholeRangesFit, readers, options, t.sink()));
                }
                perTable.add(ranges);
            }
        } finally {
            readers.release(control); // the first reader's connection
        }
        return perTable;
    }
}
