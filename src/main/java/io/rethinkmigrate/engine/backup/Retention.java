package io.rethinkmigrate.engine.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * `--keep`: removes the bases and segments no restore inside the kept window needs. For each table the
 * window's start needs the newest base complete by then (or its first base); bases older than that go, and
 * segments that ended before the oldest needed base started go. A table dropped before the window needs nothing.
 */
final class Retention {
    private Retention() {
    }

    /** Removes what {@code keepFrom} and later times do not need; returns the removed files, relative to the directory. */
    static List<String> apply(BackupHistory history, long keepFrom) throws IOException {
        BackupLayout layout = history.layout();
        List<Path> removable = new ArrayList<>();
        long oldestNeeded = Long.MAX_VALUE;
        for (TableHistory table : history.tables()) {
            long dropped = table.droppedAt();
            boolean gone = dropped >= 0 && dropped <= keepFrom;
            TableHistory.Base needed = gone ? null : neededBase(table, keepFrom);
            for (TableHistory.Base base : table.bases()) {
                if (gone || needed != null && base.completed() < needed.completed()) {
                    removable.add(layout.resolve(base.file()));
                }
            }
            if (needed != null) {
                oldestNeeded = Math.min(oldestNeeded, needed.started());
            } else if (!gone) {
                oldestNeeded = Long.MIN_VALUE; // a table with no complete base yet: keep everything
            }
        }
        for (SealedSegment segment : history.segments()) {
            if (segment.end() < oldestNeeded && segment.end() < keepFrom) {
                removable.add(segment.file());
                removable.add(segment.sidecarFile());
            }
        }
        List<String> removed = new ArrayList<>();
        for (Path file : removable) {
            if (Files.deleteIfExists(file)) {
                removed.add(layout.relative(file));
            }
        }
        return removed;
    }

    /** The newest base complete by {@code time}, else the table's first. */
    static TableHistory.Base neededBase(TableHistory table, long time) {
        TableHistory.Base newest = null;
        TableHistory.Base first = null;
        for (TableHistory.Base base : table.bases()) {
            if (base.completed() <= time && (newest == null || base.completed() > newest.completed())) {
                newest = base;
            }
            if (first == null || base.completed() < first.completed()) {
                first = base;
            }
        }
        return newest != null ? newest : first;
    }
}
