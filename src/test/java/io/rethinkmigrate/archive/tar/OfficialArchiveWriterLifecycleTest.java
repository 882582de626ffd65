package io.rethinkmigrate.archive.tar;

import static io.rethinkmigrate.archive.ArchiveTestSupport.listFiles;
import static io.rethinkmigrate.archive.ArchiveTestSupport.members;
import static io.rethinkmigrate.archive.ArchiveTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit, abort, overwrite, parallel tables. */
class OfficialArchiveWriterLifecycleTest {
    private static final TableInfo INFO = TableInfo.parse("{\"primary_key\":\"id\"}");

    @TempDir
    Path temp;

    private Path spool() throws Exception {
        return Files.createDirectories(temp.resolve("spool"));
    }

    private Path out() throws Exception {
        return Files.createDirectories(temp.resolve("out"));
    }

    private ArchiveWriterOptions opts() throws Exception {
        return ArchiveWriterOptions.defaults().withTempDir(spool());
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws Exception {
        Path target = out().resolve("dump.tar.gz");
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(target, "top", opts())) {
            TableWriter done = w.openTable(new TableId("db", "done"), INFO);
            done.write(RawJson.of("{\"id\":1}"));
            done.finish();
            TableWriter open = w.openTable(new TableId("db", "open"), INFO);
            open.write(RawJson.of("{\"id\":2}"));
            assertTrue(Files.exists(out().resolve("dump.tar.gz.partial")));
            assertEquals(1, listFiles(spool()).size(), "one spool for the open table");
            // no commit
        }
        assertEquals(List.of(), listFiles(out()), "no target, no .partial");
        assertEquals(List.of(), listFiles(spool()), "no temp files");
    }

    @Test
    void existingTargetIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path target = out().resolve("dump.tar.gz");
        Files.writeString(target, "precious");
        MigrateException e = assertThrows(MigrateException.class,
                () -> OfficialArchiveWriter.toFile(target, "top", opts()));
        assertEquals(ErrorKind.TARGET_EXISTS, e.kind());
        assertEquals(target + " already exists (use --overwrite-file)", e.getMessage());
        assertEquals("precious", Files.readString(target));
        assertEquals(List.of(target), listFiles(out()));
        assertEquals(List.of(), listFiles(spool()));
    }

    @Test
    void overwriteReplacesTheTargetOnlyAtCommit() throws Exception {
        Path target = out().resolve("dump.tar.gz");
        Files.writeString(target, "old");
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(target, "top", opts().withOverwrite(true))) {
            try (TableWriter t = w.openTable(new TableId("db", "t"), INFO)) {
                t.write(RawJson.of("{\"id\":1}"));
                t.finish();
            }
            assertEquals("old", Files.readString(target), "untouched until commit");
            w.commit();
        }
        assertEquals(2, members(target).size());
        assertEquals(List.of(target), listFiles(out()));
    }

    @Test
    void aTableClosedWithoutFinishIsLeftOut() throws Exception {
        Path target = out().resolve("dump.tar.gz");
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(target, "top", opts())) {
            try (TableWriter t = w.openTable(new TableId("db", "dropped"), INFO)) {
                t.write(RawJson.of("{\"id\":1}"));
            }
            try (TableWriter t = w.openTable(new TableId("db", "kept"), INFO)) {
                t.finish();
            }
            w.commit();
        }
        assertEquals(List.of("top/db/kept.info", "top/db/kept.json"), new ArrayList<>(members(target).keySet()));
        assertEquals(List.of(), listFiles(spool()));
    }

    @Test
    void commitRefusesWhileATableIsOpen() throws Exception {
        Path target = out().resolve("dump.tar.gz");
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(target, "top", opts())) {
            w.openTable(new TableId("db", "t"), INFO);
            assertThrows(IllegalStateException.class, w::commit);
        }
        assertEquals(List.of(), listFiles(out()));
        assertEquals(List.of(), listFiles(spool()));
    }

    @Test
    void nonObjectDocumentsAreRejected() throws Exception {
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(out().resolve("x.tar.gz"), "top", opts());
                TableWriter t = w.openTable(new TableId("db", "t"), INFO)) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> t.write(RawJson.of("[1]")));
            assertTrue(e.getMessage().contains("db.t"), e.getMessage());
        }
    }

    @Test
    void abortedStreamIsDetectedAsTruncated() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ArchiveWriter w = OfficialArchiveWriter.toStream(sink, "top", opts())) {
            try (TableWriter t = w.openTable(new TableId("db", "t"), INFO)) {
                t.write(RawJson.of("{\"id\":1}"));
                t.finish();
            }
        }
        try (ArchiveReader r = OfficialArchiveReader.open(new ByteArrayInputStream(sink.toByteArray()), "stdin",
                ArchiveReaderOptions.defaults().withTempDir(spool()))) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> readAll(r));
            assertTrue(e.getMessage().startsWith("stdin: truncated"), e.getMessage());
        }
        assertEquals(List.of(), listFiles(spool()));
    }

    @Test
    void fourThreadsWriteFourTablesAtOnce() throws Exception {
        Path target = out().resolve("parallel.tar.gz");
        int perTable = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(target, "rethinkdb_dump_x", opts())) {
            CountDownLatch allOpen = new CountDownLatch(4);
            List<Future<Long>> futures = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                int table = n;
                futures.add(pool.submit(() -> {
                    try (TableWriter t = w.openTable(new TableId("db" + (table % 2), "t" + table), INFO)) {
                        allOpen.countDown();
                        allOpen.await();
                        for (int i = 0; i < perTable; i++) {
                            t.write(RawJson.of("{\"id\":" + i + ",\"table\":" + table + ",\"pad\":\"" + "\u00e9".repeat(i % 50)
                                    + "\"}"));
                        }
                        t.finish();
                        return t.bytes();
                    }
                }));
            }
            for (Future<Long> f : futures) {
                assertTrue(f.get() > 0);
            }
            w.commit();
        } finally {
            pool.shutdownNow();
        }
        try (ArchiveReader r = OfficialArchiveReader.open(target, ArchiveReaderOptions.defaults())) {
            Map<TableId, List<String>> all = readAll(r);
            assertEquals(4, all.size());
            for (int n = 0; n < 4; n++) {
                List<String> docs = all.get(new TableId("db" + (n % 2), "t" + n));
                assertEquals(perTable, docs.size());
                assertEquals("{\"id\":" + (perTable - 1) + ",\"table\":" + n + ",\"pad\":\"" + "\u00e9".repeat((perTable - 1) % 50)
                        + "\"}", docs.get(perTable - 1));
            }
        }
        Map<String, byte[]> m = members(target);
        assertEquals(8, m.size());
        String json = new String(m.get("rethinkdb_dump_x/db0/t0.json"), StandardCharsets.US_ASCII);
        assertTrue(json.startsWith("[\n{\"id\": 0, \"table\": 0, \"pad\": \"\"},\n{\"id\": 1, \"table\": 0, \"pad\": \"\\u00e9\"}"));
        OfficialArchiveWriterRoundTripTest.checkWithExternalTools(temp, target, 8);
        assertEquals(List.of(), listFiles(spool()));
        assertFalse(Files.exists(out().resolve("parallel.tar.gz.partial")));
    }

    @Test
    void defaultBaseNameIsTheOfficialOne() {
        assertEquals("rethinkdb_dump_2026-11-25T18:46:00",
                OfficialArchiveWriter.defaultBaseName(java.time.LocalDateTime.of(2026, 11, 25, 18, 46, 0, 123)));
    }
}
