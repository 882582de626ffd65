package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * The log all tables write to, one record at a time: the time is taken and the record appended under one
 * lock, so the records of a segment are in the order of their times. {@link #seal()} closes the open segment
 * and opens the next one, which starts where the sealed one ended: consecutive segments of one run leave
 * no hole in time.
 */
final class BackupLog implements AutoCloseable {
    private final BackupLayout layout;
    private final BackupClock clock;
    private final Consumer<SealedSegment> onSeal;
    private SegmentWriter open;
    private boolean closed;

    BackupLog(BackupLayout layout, long notBefore, Consumer<SealedSegment> onSeal) throws IOException {
        this.layout = layout;
        this.clock = new BackupClock(notBefore);
        this.onSeal = onSeal;
        this.open = SegmentWriter.open(layout.logDir(), clock.now());
    }

    long now() {
        return clock.now();
    }

    /** Appends one change element of a table's feed; returns its received time. */
    synchronized long change(byte[] tablePart, RawJson element) {
        long t = clock.now();
        write(() -> open.append(LogRecords.changePrefix(t, tablePart), element.buffer(), element.offset(), element.length()));
        return t;
    }

    /** Appends a control record (its time is set here); returns the time. */
    synchronized long control(ObjectNode record) {
        long t = clock.now();
        ObjectNode timed = Json.mapper().createObjectNode().put("t", t);
        timed.setAll(record);
        write(() -> open.appendControl(timed));
        return t;
    }

    /** Seals the open segment and opens the next one; returns the sealed one. */
    synchronized SealedSegment seal() {
        long end = clock.now();
        SealedSegment sealed;
        try {
            sealed = open.seal(end);
            open = closed ? null : SegmentWriter.open(layout.logDir(), end);
        } catch (IOException e) {
            throw new MigrateException(ErrorKind.IO, "log segment in " + layout.logDir() + ": " + e.getMessage(), e);
        }
        onSeal.accept(sealed);
        return sealed;
    }

    /** Seals what is open; the log takes no more records. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            seal();
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    private void write(Write write) {
        if (closed) {
            throw new MigrateException(ErrorKind.INTERRUPTED, "the backup log is closed");
        }
        try {
            write.run();
        } catch (IOException e) {
            throw new MigrateException(ErrorKind.IO, "log segment in " + layout.logDir() + ": " + e.getMessage(),
                    new UncheckedIOException(e));
        }
    }
}
