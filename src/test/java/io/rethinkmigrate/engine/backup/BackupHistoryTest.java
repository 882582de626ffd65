package io.rethinkmigrate.engine.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a time maps to a base and the records to replay: before the first base completes (refused), with the
 * first base, inside a gap (refused), with the base taken after the gap, after a drop (absent); the
 * number of changes a replay applies; retention keeping exactly what kept times need.
 */
class BackupHistoryTest {
    private static final TableId TABLE = new TableId("shop", "orders");

    @TempDir
    Path dir;

    private BackupLayout layout;
    private BackupLog log;
    private final byte[] part = LogRecords.tablePart(TABLE);
    private long base1Started;
    private long base1Completed;
    private long afterBase1;
    private long gapDetected;
    private long base2Started;
    private long base2Completed;
    private long end;

    @BeforeEach
    void writeALog() throws Exception {
        layout = BackupLayout.create(dir, "test");
        log = new BackupLog(layout, 0, s -> { });
        log.control(LogRecords.control(LogRecords.RUN_STARTED, null));
        base1Started = base("b1", 3);
        change(1);
        tick();
        base1Completed = completed("b1");
        change(2);
        tick();
        afterBase1 = log.now();
        tick();
        change(3);
        log.seal();
        tick();
        gapDetected = log.control(LogRecords.control(LogRecords.GAP, TABLE).put("from", afterBase1 + 1).put("reason", "cut"));
        tick();
        base2Started = base("b2", 5);
        change(4);
        tick();
        base2Completed = completed("b2");
        change(5);
        tick();
        log.close();
        end = BackupHistory.read(layout).latest();
    }

    private long base(String name, int documents) throws IOException {
        Files.createDirectories(dir.resolve("bases"));
        Files.writeString(dir.resolve("bases/" + name), "x" + documents);
        long t = log.control(LogRecords.control(LogRecords.BASE_STARTED, TABLE).put("base", "bases/" + name));
        log.control(LogRecords.control(LogRecords.META, TABLE).set("meta", Json.parse("{\"primary_key\":\"id\",\"indexes\":[],\"write_hook\":null}")));
        return t;
    }

    private long completed(String name) throws IOException {
        return log.control(LogRecords.control(LogRecords.BASE_COMPLETED, TABLE).put("base", "bases/" + name)
                .put("sha256", BaseWriter.sha256(dir.resolve("bases/" + name))).put("documents", 1));
    }

    private void change(int id) {
        log.change(part, RawJson.of("{\"new_val\":{\"id\":" + id + "},\"old_val\":null}"));
    }

    private static void tick() throws InterruptedException {
        Thread.sleep(3);
    }

    @Test
    void aTimeMapsToTheNewestUsableBaseOrIsRefusedWithTheReason() throws IOException {
        BackupHistory history = BackupHistory.read(layout);
        TableHistory table = history.tables().get(0);
        assertEquals(base1Completed, table.earliest());
        assertEquals(end, history.latest());

        PointInTime early = table.at(base1Started, history.globalGaps());
        assertEquals(PointInTime.Status.REFUSED, early.status());
        assertTrue(early.reason().contains("first base completed"), early.reason());

        PointInTime first = table.at(afterBase1, history.globalGaps());
        assertEquals(PointInTime.Status.RESTORE, first.status());
        assertEquals("bases/b1", first.base().file());

        PointInTime inGap = table.at(gapDetected + 1, history.globalGaps());
        assertEquals(PointInTime.Status.REFUSED, inGap.status());
        assertTrue(inGap.reason().contains("gap"), inGap.reason());

        PointInTime second = table.at(end, history.globalGaps());
        assertEquals("bases/b2", second.base().file());
        assertEquals(List.of(new TableHistory.Hole(afterBase1 + 1, base2Completed, "cut")), table.holes(history.globalGaps()));
    }

    @Test
    void aReplayTakesTheChangesFromTheBaseStartUpToTheTime() throws IOException {
        BackupHistory history = BackupHistory.read(layout);
        assertEquals(2, new TableReplay(TABLE, "id", base1Started, afterBase1).count(history.segments()),
                "changes 1 and 2: received after base 1 started, before the time");
        assertEquals(2, new TableReplay(TABLE, "id", base2Started, end).count(history.segments()));
        assertEquals(0, new TableReplay(new TableId("shop", "other"), "id", base1Started, end).count(history.segments()));
    }

    @Test
    void droppedTableIsAbsentAfterItsDrop() throws Exception {
        BackupLog more = new BackupLog(layout, end + 1, s -> { });
        more.control(LogRecords.control(LogRecords.TABLE_DROPPED, TABLE));
        tick();
        long after = more.seal().end();
        more.close();
        BackupHistory history = BackupHistory.read(layout);
        assertEquals(PointInTime.Status.ABSENT, history.tables().get(0).at(after, history.globalGaps()).status());
    }

    @Test
    void retentionKeepsTheBaseAndSegmentsAKeptTimeNeeds() throws IOException {
        List<String> removed = Retention.apply(BackupHistory.read(layout), base2Completed);
        assertTrue(removed.contains("bases/b1"), removed.toString());
        assertFalse(Files.exists(dir.resolve("bases/b1")));
        assertTrue(Files.exists(dir.resolve("bases/b2")));
        BackupHistory after = BackupHistory.read(layout);
        assertEquals(1, after.segments().size(), "the first of the two segments ended before base 2 started");
        assertEquals(PointInTime.Status.RESTORE, after.tables().get(0).at(end, after.globalGaps()).status());
        assertTrue(BackupVerifier.verify(layout).ok());
    }
}
