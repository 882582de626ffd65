package io.rethinkmigrate.archive.tar;

import static io.rethinkmigrate.archive.ArchiveTestSupport.listFiles;
import static io.rethinkmigrate.archive.ArchiveTestSupport.officialDump;
import static io.rethinkmigrate.archive.ArchiveTestSupport.readAll;
import static io.rethinkmigrate.archive.ArchiveTestSupport.tarGz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.model.TableId;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout rules, tolerated variations and error messages of the reader. */
class OfficialArchiveReaderErrorTest {
    private static final String INFO = "{\"primary_key\": \"id\", \"indexes\": []}\n";

    @TempDir
    Path temp;

    private ArchiveReaderOptions opts() throws Exception {
        return ArchiveReaderOptions.defaults().withTempDir(Files.createDirectories(temp.resolve("spool")));
    }

    private Path archive(String[][] entries) throws Exception {
        return tarGz(temp.resolve("a.tar.gz"), entries, true);
    }

    /** The error of reading the file fully, in file mode (catalog then read) and in stream mode. */
    private List<ArchiveException> errors(Path file) throws Exception {
        return errors(file, ErrorKind.ARCHIVE);
    }

    private List<ArchiveException> errors(Path file, ErrorKind kind) throws Exception {
        List<ArchiveException> out = new ArrayList<>();
        out.add(assertThrows(ArchiveException.class, () -> {
            try (ArchiveReader r = OfficialArchiveReader.open(file, opts())) {
                r.catalog();
                readAll(r);
            }
        }));
        try (InputStream in = Files.newInputStream(file)) {
            out.add(assertThrows(ArchiveException.class, () -> {
                try (ArchiveReader r = OfficialArchiveReader.open(in, file.getFileName().toString(), opts())) {
                    readAll(r);
                }
            }));
        }
        assertEquals(List.of(), listFiles(temp.resolve("spool")), "spools deleted after an error");
        for (ArchiveException e : out) {
            assertEquals(kind, e.kind(), e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
        }
        return out;
    }

    private static void assertMessage(List<ArchiveException> errors, String... parts) {
        for (ArchiveException e : errors) {
            for (String p : parts) {
                assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
            }
        }
    }

    @Test
    void notAGzipFile() throws Exception {
        Path f = temp.resolve("archive.tar.gz");
        Files.writeString(f, "this is not gzip at all");
        List<ArchiveException> e = errors(f);
        assertEquals(f + ": not a gzip file", e.get(0).getMessage());
        assertEquals("archive.tar.gz: not a gzip file", e.get(1).getMessage());
    }

    @Test
    void truncatedArchive() throws Exception {
        byte[] all = Files.readAllBytes(officialDump());
        Path f = temp.resolve("cut.tar.gz");
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        assertMessage(errors(f), "cut.tar.gz: truncated");
    }

    @Test
    void tarWithoutEndMarkerIsTruncated() throws Exception {
        Path f = tarGz(temp.resolve("noeof.tar.gz"), new String[][] {{"top/db/t.info", INFO}, {"top/db/t.json", "[]"}}, false);
        assertMessage(errors(f), "noeof.tar.gz: truncated");
    }

    @Test
    void gzipOfSomethingElse() throws Exception {
        Path f = temp.resolve("text.tar.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("hello, this is plain text and not a tar archive at all".repeat(20).getBytes());
        }
        assertMessage(errors(f), "text.tar.gz: ");
    }

    @Test
    void dotDotMembersAreRejected() throws Exception {
        assertMessage(errors(archive(new String[][] {{"top/db/t.info", INFO}, {"top/../../etc/t.json", "[]"}}),
                ErrorKind.ARCHIVE_UNSAFE),
                "top/../../etc/t.json", "..");
    }

    @Test
    void absoluteMembersAreRejected() throws Exception {
        assertMessage(errors(archive(new String[][] {{"/top/db/t.json", "[]"}}), ErrorKind.ARCHIVE_UNSAFE), "/top/db/t.json", "absolute");
    }

    @Test
    void membersAtTheWrongDepthAreRejected() throws Exception {
        assertMessage(errors(archive(new String[][] {{"top/db/sub/t.json", "[]"}})), "top/db/sub/t.json");
        assertMessage(errors(archive(new String[][] {{"top/t.info", INFO}})), "top/t.info");
        assertMessage(errors(archive(new String[][] {{"t.json", "[]"}})), "t.json");
    }

    @Test
    void twoTopDirectoriesAreRejected() throws Exception {
        assertMessage(errors(archive(new String[][] {{"top/db/t.info", INFO}, {"top/db/t.json", "[]"},
            {"other/db/u.info", INFO}})), "other/db/u.info", "top directory");
    }

    @Test
    void jsonWithoutInfoIsRejected() throws Exception {
        assertMessage(errors(archive(new String[][] {{"top/db/a.info", INFO}, {"top/db/a.json", "[]"},
            {"top/db/b.json", "[]"}})), "top/db/b.json", ".info");
    }

    @Test
    void csvDataIsNotSupportedYet() throws Exception {
        assertMessage(errors(archive(new String[][] {{"top/db/t.info", INFO}, {"top/db/t.csv", "id\n1\n"}})),
                "top/db/t.csv", "CSV", "not supported");
    }

    @Test
    void invalidJsonNamesMemberAndLine() throws Exception {
        Path f = archive(new String[][] {{"top/db/t.info", INFO}, {"top/db/t.json", "[\n{\"id\": 1},\n{\"id\": 2,,}\n]\n"}});
        assertMessage(errors(f, ErrorKind.ARCHIVE_BAD_DATA), "top/db/t.json line 3", "invalid JSON");
    }

    @Test
    void nonObjectElementNamesMemberAndLine() throws Exception {
        Path f = archive(new String[][] {{"top/db/t.info", INFO}, {"top/db/t.json", "[\n{\"id\": 1},\n\n42\n]\n"}});
        assertMessage(errors(f, ErrorKind.ARCHIVE_BAD_DATA), "top/db/t.json line 4", "not an object");
    }

    @Test
    void invalidInfoNamesMember() throws Exception {
        assertMessage(errors(archive(new String[][] {{"top/db/t.info", "{nope"}, {"top/db/t.json", "[]"}}),
                ErrorKind.ARCHIVE_BAD_DATA), "top/db/t.info", "metadata");
    }

    @Test
    void otherFilesAndDirectoriesAreIgnoredAndDataFormsAreAccepted() throws Exception {
        Path f = archive(new String[][] {
            {"top/", null}, {"top/db", null},
            {"top/db/nd.json", "{\"id\": 1}\n{\"id\": 2}\n\n{\"id\": 3}\n"},
            {"top/db/nd.info", INFO},
            {"top/db/cc.info", INFO},
            {"top/db/cc.json", "  {\"id\":1}{\"id\":2} {\"id\":3}"},
            {"top/db/arr.json", "\n [ {\"id\": 1} , {\"id\": 2} ]\n"},
            {"top/db/arr.info", INFO},
            {"top/db/arr.config", "whatever"},
            {"top/manifest.manifest", "{}"},
            {"README", "hello"},
            {"top/db/lonely.info", INFO}});
        for (boolean stream : new boolean[] {false, true}) {
            Map<TableId, List<String>> all;
            if (stream) {
                try (InputStream in = Files.newInputStream(f);
                        ArchiveReader r = OfficialArchiveReader.open(in, "-", opts())) {
                    all = readAll(r);
                }
            } else {
                try (ArchiveReader r = OfficialArchiveReader.open(f, opts())) {
                    assertEquals(List.of("db.arr", "db.cc", "db.nd"),
                            r.catalog().orElseThrow().stream().map(e -> e.table().toString()).toList());
                    all = readAll(r);
                }
            }
            assertEquals(List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}"), all.get(new TableId("db", "nd")));
            assertEquals(List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}"), all.get(new TableId("db", "cc")));
            assertEquals(List.of("{\"id\":1}", "{\"id\":2}"), all.get(new TableId("db", "arr")));
            assertEquals(3, all.size(), "an .info without data is ignored");
            assertEquals(List.of(), listFiles(temp.resolve("spool")));
        }
    }

    @Test
    void missingFileIsAnIoError() {
        var e = assertThrows(io.rethinkmigrate.error.MigrateException.class,
                () -> OfficialArchiveReader.open(temp.resolve("nope.tar.gz"), ArchiveReaderOptions.defaults()));
        assertEquals(ErrorKind.IO, e.kind());
    }
}
