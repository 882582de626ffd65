package io.rethinkmigrate.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress record of `restore --resume`: what it keeps, how it is written, when it is refused. */
class RestoreProgressTest {
    private static final TableId DONE = new TableId("shop", "customers");
    private static final TableId HALF = new TableId("shop", "orders");

    @TempDir
    Path dir;

    @Test
    void aResumedRecordKnowsFinishedTablesTheAcknowledgedPrefixAndWhatItCreated() throws Exception {
        Path archive = Files.write(dir.resolve("a.tar.gz"), new byte[3 << 20]); // past the first MiB
        Path file = RestoreProgress.defaultFile(archive, null);
        assertEquals(dir.resolve("a.tar.gz.restore-progress.json"), file);
        RestoreProgress first = RestoreProgress.open(file, archive, false);
        first.tableStarted(DONE, true);
        first.acknowledged(DONE, 10);
        first.tableDone(DONE);
        first.tableStarted(HALF, false);
        first.acknowledged(HALF, 4000);
        first.acknowledged(HALF, 3000); // an older prefix never moves it back
        first.finish(false);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("a.tar.gz", "a.tar.gz.restore-progress.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }

        RestoreProgress resumed = RestoreProgress.open(file, archive, true);
        assertTrue(resumed.resumed());
        assertTrue(resumed.isDone(DONE));
        assertTrue(resumed.createdEarlier(DONE));
        assertFalse(resumed.isDone(HALF));
        assertFalse(resumed.createdEarlier(HALF), "written with --force into an existing table: not ours");
        assertTrue(resumed.startedEarlier(HALF));
        assertEquals(4000, resumed.acknowledged(HALF));
        assertEquals(0, resumed.acknowledged(new TableId("shop", "other")));

        resumed.finish(true);
        assertFalse(Files.exists(file), "a complete restore removes its record");
    }

    @Test
    void aRecordOfAnotherArchiveIsAUsageError() throws Exception {
        Path archive = Files.writeString(dir.resolve("a.tar.gz"), "archive one");
        Path file = dir.resolve("progress.json");
        RestoreProgress first = RestoreProgress.open(file, archive, false);
        first.tableStarted(HALF, true);

        Path other = Files.writeString(dir.resolve("b.tar.gz"), "archive two");
        MigrateException e = assertThrows(MigrateException.class, () -> RestoreProgress.open(file, other, true));
        assertEquals(ErrorKind.USAGE, e.kind());
        assertTrue(e.getMessage().contains("is for another archive than " + other), e.getMessage());

        Files.setLastModifiedTime(archive, FileTime.fromMillis(0)); // same bytes, touched: not the same file
        assertEquals(ErrorKind.USAGE, assertThrows(MigrateException.class,
                () -> RestoreProgress.open(file, archive, true)).kind());

        Files.writeString(file, "{not json");
        MigrateException broken = assertThrows(MigrateException.class, () -> RestoreProgress.open(file, archive, true));
        assertTrue(broken.getMessage().contains("cannot be read"), broken.getMessage());
    }

    @Test
    void withoutResumeAnEarlierRecordIsLeftUntilThisRunWritesATable() throws Exception {
        Path archive = Files.writeString(dir.resolve("a.tar.gz"), "archive");
        Path file = dir.resolve("progress.json");
        RestoreProgress first = RestoreProgress.open(file, archive, false);
        first.tableStarted(HALF, true);
        String saved = Files.readString(file);

        RestoreProgress refused = RestoreProgress.open(file, archive, false);
        refused.finish(false); // e.g. refused at the start because the table exists
        assertEquals(saved, Files.readString(file), "the record of the interrupted run is kept for --resume");
    }
}
