package io.rethinkmigrate.progress;

import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts what a run has done, per table and in total, and derives rates and ETAs from it. The ETA of a
 * table comes from its `doc_count_estimates` (given at {@code started}), corrected as counts come in: a
 * table that has done more than its estimate is taken to have about as many as done so far, and a
 * finished table counts with its real total. Tables not started yet count with their planned estimate
 * when one was given ({@link #planned}). Thread-safe; the clock is injected (nanoseconds) for tests.
 */
public final class ProgressTracker {
    /** One table as it stands; estimate -1 when unknown. */
    public record Table(TableId table, long estimate, long documents, long bytes, long elapsedNanos,
                        boolean finished) {
        /** Documents per second over the table's own time. */
        public double rate() {
            return Rates.perSecond(documents, elapsedNanos);
        }

        /** The estimate corrected by what was counted: never below what is done; the real count once finished. */
        public long correctedEstimate() {
            return finished ? documents : Rates.corrected(estimate, documents);
        }

        /** Seconds left, or -1 when unknown (no estimate, or no rate yet). */
        public long etaSeconds() {
            return finished ? 0 : Rates.etaSeconds(documents, correctedEstimate(), rate());
        }

        /** Percent done 0..100, or -1 when unknown. */
        public int percent() {
            return Rates.percent(documents, correctedEstimate());
        }
    }

    /** All tables together. */
    public record Total(int tables, int finishedTables, long estimate, boolean estimateComplete, long documents,
                        long bytes, long elapsedNanos) {
        public double rate() {
            return Rates.perSecond(documents, elapsedNanos);
        }

        public long etaSeconds() {
            return estimateComplete ? Rates.etaSeconds(documents, estimate, rate()) : -1;
        }

        public int percent() {
            return estimateComplete ? Rates.percent(documents, estimate) : -1;
        }
    }

    private static final class State {
        long estimate = -1;
        long documents;
        long bytes;
        long startedAt = -1;
        long finishedAt = -1;
    }

    private final LongSupplier clock;
    private final long createdAt;
    private final Map<TableId, State> tables = new LinkedHashMap<>();
    private long firstStart = -1;

    public ProgressTracker(LongSupplier nanoClock) {
        this.clock = nanoClock;
        this.createdAt = nanoClock.getAsLong();
    }

    public static ProgressTracker systemClock() {
        return new ProgressTracker(System::nanoTime);
    }

    public synchronized void planned(TableId table, long estimate) {
        State s = tables.computeIfAbsent(table, t -> new State());
        if (s.startedAt < 0) {
            s.estimate = estimate;
        }
    }

    public synchronized void started(TableId table, long estimate) {
        State s = tables.computeIfAbsent(table, t -> new State());
        s.estimate = estimate;
        s.startedAt = clock.getAsLong();
        if (firstStart < 0) {
            firstStart = s.startedAt;
        }
    }

    public synchronized void done(TableId table, long documents, long bytes) {
        State s = tables.computeIfAbsent(table, t -> new State());
        s.documents += documents;
        s.bytes += bytes;
    }

    /** A table is finished; its final counts replace the running ones (the engine's are exact). */
    public synchronized void finished(TableId table, long documents, long bytes) {
        State s = tables.computeIfAbsent(table, t -> new State());
        long now = clock.getAsLong();
        if (s.startedAt < 0) {
            s.startedAt = now;
        }
        s.finishedAt = now;
        s.documents = documents;
        s.bytes = bytes;
    }

    /** The tables started and not finished, in the order they started. */
    public synchronized List<Table> active() {
        long now = clock.getAsLong();
        List<Table> out = new ArrayList<>();
        tables.forEach((id, s) -> {
            if (s.startedAt >= 0 && s.finishedAt < 0) {
                out.add(view(id, s, now));
            }
        });
        return out;
    }

    public synchronized Table table(TableId id) {
        State s = tables.get(id);
        return s == null ? null : view(id, s, clock.getAsLong());
    }

    public synchronized Total total() {
        long now = clock.getAsLong();
        long estimate = 0;
        boolean complete = true;
        long documents = 0;
        long bytes = 0;
        int finished = 0;
        for (State s : tables.values()) {
            documents += s.documents;
            bytes += s.bytes;
            if (s.finishedAt >= 0) {
                finished++;
                estimate += s.documents;
            } else if (s.estimate < 0) {
                complete = false;
            } else {
                estimate += Rates.corrected(s.estimate, s.documents);
            }
        }
        long since = firstStart < 0 ? createdAt : firstStart;
        return new Total(tables.size(), finished, estimate, complete && !tables.isEmpty(), documents, bytes,
                Math.max(0, now - since));
    }

    private static Table view(TableId id, State s, long now) {
        long end = s.finishedAt >= 0 ? s.finishedAt : now;
        return new Table(id, s.estimate, s.documents, s.bytes, s.startedAt < 0 ? 0 : Math.max(0, end - s.startedAt),
                s.finishedAt >= 0);
    }
}
