package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.model.TableId;
import java.util.ArrayList;
import java.util.List;

/**
 * What the log says of one table: its complete bases, the gaps in its feed, when it was created and dropped,
 * and its indexes and write hook over time. {@link #at} maps a time to a base and the records to replay.
 */
public final class TableHistory {
    /** A complete base: a table read from {@code started} to {@code completed}, in {@code file}. */
    public record Base(String file, long started, long completed, String sha256, long documents) {
    }

    /** Changes after {@code from} may be missing, noticed at {@code detected}; a base started after it ends it. */
    public record Gap(long from, long detected, String reason) {
    }

    /** A time from which nothing is restorable until {@code until} (Long.MAX_VALUE: not yet). */
    public record Hole(long from, long until, String reason) {
    }

    private record Meta(long t, JsonNode meta) {
    }

    private final TableId table;
    private final List<Base> bases = new ArrayList<>();
    private final List<Gap> gaps = new ArrayList<>();
    private final List<Long> created = new ArrayList<>();
    private final List<Long> dropped = new ArrayList<>();
    private final List<Meta> metas = new ArrayList<>();

    TableHistory(TableId table) {
        this.table = table;
    }

    public TableId table() {
        return table;
    }

    public List<Base> bases() {
        return List.copyOf(bases);
    }

    void addBase(Base base) {
        bases.add(base);
    }

    void addGap(Gap gap) {
        gaps.add(gap);
    }

    void created(long t) {
        created.add(t);
    }

    void dropped(long t) {
        dropped.add(t);
    }

    void meta(long t, JsonNode meta) {
        metas.add(new Meta(t, meta));
    }

    /** The earliest time a restore can give, or -1 when no base is complete. */
    public long earliest() {
        return bases.stream().mapToLong(Base::completed).min().orElse(-1);
    }

    /** The time the table was last dropped, when no base started after it; else -1. */
    public long droppedAt() {
        long lastDrop = dropped.stream().mapToLong(Long::longValue).max().orElse(-1);
        long lastBase = bases.stream().mapToLong(Base::started).max().orElse(-1);
        return lastDrop > lastBase ? lastDrop : -1;
    }

    /** What to restore for {@code time}, given the gaps of the whole log. */
    public PointInTime at(long time, List<Gap> globalGaps) {
        Base base = null;
        for (Base b : bases) {
            if (b.completed() <= time && (base == null || b.completed() > base.completed())) {
                base = b;
            }
        }
        if (base == null) {
            return withoutBase(time);
        }
        long baseStarted = base.started();
        if (dropped.stream().anyMatch(d -> d > baseStarted && d <= time)) {
            return PointInTime.absent(table, "dropped before that time");
        }
        for (Gap gap : allGaps(globalGaps)) {
            if (gap.detected() > baseStarted && gap.from() < time) {
                return PointInTime.refused(table, "that time falls in a gap of its log (" + gap.reason() + "; from "
                        + Times.format(gap.from()) + " until a new base of the table completes)");
            }
        }
        return PointInTime.restore(table, base, time, metaAt(time));
    }

    private PointInTime withoutBase(long time) {
        boolean createdLater = created.stream().anyMatch(c -> c > time);
        boolean createdBefore = created.stream().anyMatch(c -> c <= time);
        if (createdLater && !createdBefore) {
            return PointInTime.absent(table, "created after that time");
        }
        long earliest = earliest();
        return PointInTime.refused(table, earliest < 0 ? "no base of it is complete yet"
                : "its first base completed at " + Times.format(earliest) + ", after that time");
    }

    private List<Gap> allGaps(List<Gap> globalGaps) {
        List<Gap> all = new ArrayList<>(gaps);
        all.addAll(globalGaps);
        return all;
    }

    /** The indexes and write hook last recorded at or before {@code time}, or null. */
    JsonNode metaAt(long time) {
        JsonNode found = null;
        for (Meta m : metas) {
            if (m.t() <= time) {
                found = m.meta();
            }
        }
        return found;
    }

    /** The stretches after the first base that cannot be restored: each gap until the next base after it completes. */
    public List<Hole> holes(List<Gap> globalGaps) {
        List<Hole> holes = new ArrayList<>();
        for (Gap gap : allGaps(globalGaps)) {
            long until = bases.stream().filter(b -> b.started() >= gap.detected()).mapToLong(Base::completed)
                    .min().orElse(Long.MAX_VALUE);
            if (until > gap.from() && (earliest() >= 0 && until > earliest())) {
                holes.add(new Hole(Math.max(gap.from(), earliest()), until, gap.reason()));
            }
        }
        holes.sort(java.util.Comparator.comparingLong(Hole::from));
        return holes;
    }
}
