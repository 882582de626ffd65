package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.engine.copy.ChangeApplier;
import io.rethinkmigrate.engine.copy.ChangeBatch;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Replays one table's change records onto its restored base, in log order, from the base's start up to
 * the chosen time: segments are streamed record by record and applied in reduced batches of at most
 * {@value #BATCH} changes ({@link ChangeBatch}: per key only its last state, written with
 * `conflict: replace` or deleted), so memory never holds more than a batch. Only change records timed from
 * {@code from} (the base's start) to {@code until} (the chosen time), both included, are replayed.
 */
record TableReplay(TableId table, String primaryKey, long from, long until) {
    static final int BATCH = 1_000;

    /** The changes it would apply (for --dry-run). */
    long count(List<SealedSegment> segments) throws IOException {
        long[] n = {0};
        forEachChange(segments, change -> n[0]++);
        return n[0];
    }

    /** Applies the changes through {@code applier} on {@code to}; returns how many. */
    long apply(List<SealedSegment> segments, Connection to, ChangeApplier applier) throws IOException {
        long[] applied = {0};
        ChangeBatch[] batch = {new ChangeBatch()};
        forEachChange(segments, change -> {
            batch[0].add(change);
            if (batch[0].changes() >= BATCH) {
                applied[0] += applier.apply(to, batch[0]);
                batch[0] = new ChangeBatch();
            }
        });
        if (!batch[0].isEmpty()) {
            applied[0] += applier.apply(to, batch[0]);
        }
        return applied[0];
    }

    private void forEachChange(List<SealedSegment> segments, java.util.function.Consumer<ChangeBatch.Change> sink)
            throws IOException {
        for (SealedSegment segment : segments) {
            if (segment.end() < from || segment.start() > until) {
                continue;
            }
            try {
                SegmentReader.read(segment.file(), record -> {
                    long t = LogRecords.time(record);
                    if (t >= from && t <= until && LogRecords.CHANGE.equals(LogRecords.kind(record)) && isOurs(record)) {
                        ChangeBatch.Change change = parse(record.get("change"), segment);
                        if (change != null) {
                            sink.accept(change);
                        }
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    private boolean isOurs(JsonNode record) {
        return table.db().equals(record.path("db").asText()) && table.table().equals(record.path("table").asText());
    }

    private ChangeBatch.Change parse(JsonNode element, SealedSegment segment) {
        try {
            return ChangeBatch.parse(element, primaryKey);
        } catch (ChangeBatch.FeedGap e) {
            throw new MigrateException(ErrorKind.ARCHIVE_BAD_DATA, segment.file() + ": a change of " + table
                    + " that cannot be replayed: " + e.getMessage(), e);
        }
    }
}
