package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The history of a backup directory, read from the sidecars of its sealed segments (never from the
 * segments themselves): per table its bases, gaps, creations, drops and metadata, and the gaps of the whole
 * log (a new run of `backup`, or a hole between two segments: nothing was recorded in between).
 */
public final class BackupHistory {
    private final BackupLayout layout;
    private final List<SealedSegment> segments;
    private final Map<TableId, TableHistory> tables = new TreeMap<>(
            (a, b) -> a.db().equals(b.db()) ? a.table().compareTo(b.table()) : a.db().compareTo(b.db()));
    private final List<TableHistory.Gap> globalGaps = new ArrayList<>();

    private BackupHistory(BackupLayout layout, List<SealedSegment> segments) {
        this.layout = layout;
        this.segments = segments;
        Map<String, Long> startedBases = new HashMap<>();
        SealedSegment previous = null;
        for (SealedSegment segment : segments) {
            if (previous != null && segment.start() != previous.end()) {
                globalGaps.add(new TableHistory.Gap(previous.end(), segment.start(), "no segment from "
                        + Times.format(previous.end()) + " to " + Times.format(segment.start())));
            }
            long runFrom = previous == null ? segment.start() : previous.end();
            segment.controls().forEach(record -> apply(record, runFrom, startedBases));
            previous = segment;
        }
    }

    public static BackupHistory read(BackupLayout layout) throws IOException {
        return new BackupHistory(layout, SegmentReader.sealed(layout));
    }

    BackupLayout layout() {
        return layout;
    }

    List<SealedSegment> segments() {
        return segments;
    }

    public List<TableHistory> tables() {
        return List.copyOf(tables.values());
    }

    public List<TableHistory.Gap> globalGaps() {
        return List.copyOf(globalGaps);
    }

    /** The latest restorable time: the end of the last sealed segment, or -1 when none is sealed. */
    public long latest() {
        return segments.isEmpty() ? -1 : segments.get(segments.size() - 1).end();
    }

    /** What each table needs for {@code time}. */
    public List<PointInTime> at(long time) {
        List<PointInTime> out = new ArrayList<>();
        for (TableHistory table : tables.values()) {
            out.add(table.at(time, globalGaps));
        }
        return out;
    }

    private void apply(JsonNode record, long runFrom, Map<String, Long> startedBases) {
        long t = LogRecords.time(record);
        String kind = LogRecords.kind(record);
        if (LogRecords.RUN_STARTED.equals(kind)) {
            if (runFrom < t || !tables.isEmpty()) {
                globalGaps.add(new TableHistory.Gap(Math.min(runFrom, t), t, "backup not running"));
            }
            return;
        }
        TableId id = LogRecords.table(record);
        if (id == null) {
            return;
        }
        TableHistory table = tables.computeIfAbsent(id, TableHistory::new);
        switch (kind) {
            case LogRecords.BASE_STARTED -> startedBases.put(record.path("base").asText(), t);
            case LogRecords.BASE_COMPLETED -> {
                Long started = startedBases.remove(record.path("base").asText());
                if (started != null) {
                    table.addBase(new TableHistory.Base(record.path("base").asText(), started, t,
                            record.path("sha256").asText(), record.path("documents").asLong()));
                }
            }
            case LogRecords.GAP -> table.addGap(new TableHistory.Gap(record.path("from").asLong(t), t,
                    record.path("reason").asText("change feed lost")));
            case LogRecords.TABLE_CREATED -> table.created(t);
            case LogRecords.TABLE_DROPPED -> table.dropped(t);
            case LogRecords.META -> table.meta(t, record.path("meta"));
            default -> {
                // base_failed and kinds of later versions change nothing here
            }
        }
    }
}
