package io.rethinkmigrate.engine.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments: records in time order, sealing (name, sidecar, checksum), the chain check, a crash's leftovers. */
class BackupLogTest {
    private static final TableId TABLE = new TableId("shop", "orders");

    @TempDir
    Path dir;

    @Test
    void sealedSegmentsHoldEveryRecordInTimeOrderWithAMatchingSidecar() throws IOException {
        BackupLayout layout = BackupLayout.create(dir, "test:28015");
        List<SealedSegment> sealed = new ArrayList<>();
        BackupLog log = new BackupLog(layout, 0, sealed::add);
        byte[] part = LogRecords.tablePart(TABLE);
        log.change(part, RawJson.of("{\"new_val\":{\"id\":1,\"s\":\"\\u00e9\"},\"old_val\":null}"));
        log.control(LogRecords.control(LogRecords.META, TABLE).put("x", 1));
        log.seal();
        log.change(part, RawJson.of("{\"new_val\":null,\"old_val\":{\"id\":1}}"));
        log.close();

        assertEquals(2, sealed.size());
        assertEquals(sealed.get(0).end(), sealed.get(1).start(), "the next segment starts where the sealed one ended");
        List<SealedSegment> listed = SegmentReader.sealed(layout);
        assertEquals(2, listed.size());
        assertEquals(2, listed.get(0).records());
        assertEquals(1, listed.get(0).controls().size(), "control records are copied into the sidecar");
        assertEquals(BaseWriter.sha256(listed.get(0).file()), listed.get(0).sha256());
        List<JsonNode> records = new ArrayList<>();
        SegmentReader.read(listed.get(0).file(), records::add);
        assertEquals("change", records.get(0).path("k").asText());
        assertEquals("shop", records.get(0).path("db").asText());
        assertEquals("\u00e9", records.get(0).path("change").path("new_val").path("s").asText());
        assertTrue(records.get(0).path("t").asLong() <= records.get(1).path("t").asLong());
        try (Stream<Path> files = Files.list(layout.logDir())) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".open")), "nothing left open after close");
        }
        BackupVerifier.Report report = BackupVerifier.verify(layout);
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(3, report.records());
    }

    @Test
    void verifyNamesACorruptedSegmentAndNotesAnUnsealedOne() throws IOException {
        BackupLayout layout = BackupLayout.create(dir, "test:28015");
        BackupLog log = new BackupLog(layout, 0, s -> { });
        log.change(LogRecords.tablePart(TABLE), RawJson.of("{\"new_val\":{\"id\":1},\"old_val\":null}"));
        SealedSegment first = log.seal();
        log.change(LogRecords.tablePart(TABLE), RawJson.of("{\"new_val\":{\"id\":2},\"old_val\":null}"));
        // the process dies here: the open segment is never sealed
        try (RandomAccessFile file = new RandomAccessFile(first.file().toFile(), "rw")) {
            file.seek(12);
            int b = file.read();
            file.seek(12);
            file.write(b ^ 0xff);
        }
        BackupVerifier.Report report = BackupVerifier.verify(layout);
        assertFalse(report.ok());
        assertTrue(report.problems().get(0).contains(first.file().getFileName().toString()), report.problems().toString());
        assertTrue(report.notes().get(0).contains(".open"), report.notes().toString());
    }

    @Test
    void aNonEmptyDirectoryThatIsNoBackupIsRefused() throws IOException {
        Files.writeString(dir.resolve("something.txt"), "x");
        try {
            BackupLayout.create(dir, "x");
            throw new AssertionError("created a backup in a non-empty directory");
        } catch (io.rethinkmigrate.error.MigrateException e) {
            assertEquals(io.rethinkmigrate.error.ErrorKind.TARGET_EXISTS, e.kind());
        }
    }

    @Test
    void isoTimesWithAndWithoutOffset() {
        assertEquals(Times.parse("--until", "2026-12-04T21:30:00Z"), Times.parse("--until", "2026-12-04T22:30:00+01:00"));
        assertEquals(Times.parse("--until", "2026-12-04T21:30:00Z"), Times.parse("--until", "2026-12-04T21:30:00"));
        assertEquals(io.rethinkmigrate.error.ErrorKind.USAGE, org.junit.jupiter.api.Assertions.assertThrows(
                io.rethinkmigrate.error.MigrateException.class, () -> Times.parse("--until", "yesterday")).kind());
    }
}
