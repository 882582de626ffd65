package io.rethinkmigrate.archive;

import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bookkeeping every archive writer keeps over its tables: each table given once, the tables still
 * being written (a commit is refused while one is; closing the writer discards them), and a table
 * closed without being finished forgotten, as if never given. Thread-safe.
 *
 * @param <T> the writer's sink for one table
 */
public final class WrittenTables<T extends WrittenTables.Sink> {
    /**
     * One table's sink as its writer keeps it: closed without being finished, it is forgotten by its
     * writer's bookkeeping and discarded.
     */
    public abstract static class Sink implements TableWriter {
        protected final TableId id;
        private final WrittenTables<?> owner;
        private boolean done;

        protected Sink(TableId id, WrittenTables<?> owner) {
            this.id = id;
            this.owner = owner;
        }

        public final TableId table() {
            return id;
        }

        /** Throws away what was written of the table. */
        protected abstract void discard() throws IOException;

        /** Refuses a write or finish once the table is finished or closed. */
        protected final void requireOpen() {
            if (done) {
                throw new IllegalStateException("table " + id + " already finished or closed");
            }
        }

        /** From now on the table takes nothing more (finishing or discarding it). */
        protected final void markDone() {
            done = true;
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                owner.forget(this);
                discard();
            }
        }
    }

    /** Makes a table's sink (may create files, so only once the table is known to be new). */
    @FunctionalInterface
    public interface Opener<T> {
        T open() throws IOException;
    }

    private final String container;
    private final Set<T> open = new LinkedHashSet<>();
    private final Set<TableId> tables = new HashSet<>();

    /** @param container what the writer writes, for messages ("archive", "export") */
    public WrittenTables(String container) {
        this.container = container;
    }

    /** The sink of a table not given before (a table given twice is refused). */
    public synchronized T open(TableId table, Opener<T> opener) throws IOException {
        if (tables.contains(table)) {
            throw new IllegalArgumentException("table " + table + " is already in the " + container);
        }
        T sink = opener.open();
        tables.add(table);
        open.add(sink);
        return sink;
    }

    /** Whether no table was given (or every one given was forgotten). */
    public synchronized boolean isEmpty() {
        return tables.isEmpty();
    }

    /** The table is written completely. */
    public synchronized void finished(Sink sink) {
        open.remove(sink);
    }

    /** The table was closed unfinished: it is no longer in the writer's output. */
    synchronized void forget(Sink sink) {
        open.remove(sink);
        tables.remove(sink.table());
    }

    /** Before a commit: every table given must be finished or forgotten. */
    public synchronized void requireNoneOpen() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("tables still being written: " + open.iterator().next().table());
        }
    }

    /** When the writer closes: discards every table still being written. */
    public void discardOpen() throws IOException {
        List<T> left;
        synchronized (this) {
            left = new ArrayList<>(open);
            open.clear();
        }
        for (Sink sink : left) {
            sink.discard();
        }
    }
}
