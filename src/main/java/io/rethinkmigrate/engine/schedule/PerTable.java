package io.rethinkmigrate.engine.schedule;

import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one job per table, a few at once, for the metadata steps that come before any document (a
 * table's info, indexes, write hook, settings, key-range ends): each is a handful of round trips, which
 * for hundreds of tables over a slow link add up to minutes when done one table after the other. The
 * jobs may share one connection: its queries are pipelined. Results come back in table order; the
 * first failure stops the others and is thrown.
 */
public final class PerTable {
    /** The work on one table. */
    @FunctionalInterface
    public interface Job<T> {
        T run(TableId table) throws Exception;
    }

    private PerTable() {
    }

    public static <T> List<T> run(List<TableId> tables, int parallelism, Job<T> job) throws InterruptedException {
        List<TableTask<T>> tasks = new ArrayList<>();
        for (TableId table : tables) {
            tasks.add(new TableTask<>() {
                @Override
                public TableId table() {
                    return table;
                }

                @Override
                public long estimatedDocuments() {
                    return -1; // not known yet: the scheduler keeps the tables' order
                }

                @Override
                public T run() throws Exception {
                    return job.run(table);
                }
            });
        }
        return new LargestFirstScheduler().runAll(tasks, parallelism);
    }
}
