package io.rethinkmigrate.archive.tar;

import static io.rethinkmigrate.archive.ArchiveTestSupport.listFiles;
import static io.rethinkmigrate.archive.ArchiveTestSupport.officialDump;
import static io.rethinkmigrate.archive.ArchiveTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.RawTar;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader against broken and hostile archives, built byte by byte ({@link RawTar}): each is refused
 * with its own error kind (exit code) and a one-line message naming the archive and the member, in file
 * mode (catalog pass, then data pass) and in stream mode, and nothing is written outside the spool dir.
 */
class HostileArchiveReaderTest {
    private static final String INFO = "{\"primary_key\": \"id\", \"indexes\": []}";
    private static final String DOCS = "[\n{\"id\": 1, \"n\": \"a\"},\n{\"id\": 2, \"n\": \"b\"}\n]";

    @TempDir
    Path temp;

    private Path spool() throws Exception {
        return Files.createDirectories(temp.resolve("spool"));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = temp.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static RawTar goodTable(RawTar tar, String table) {
        return tar.file("top/db/" + table + ".info", INFO).file("top/db/" + table + ".json", DOCS);
    }

    /** Reads the archive fully in file mode and in stream mode; both must fail with {@code kind}. */
    private List<ArchiveException> refused(Path file, ErrorKind kind, String... parts) throws Exception {
        return refused(file, ArchiveLimits.defaults(), kind, kind, parts);
    }

    private List<ArchiveException> refused(Path file, ArchiveLimits limits, ErrorKind fileKind, ErrorKind streamKind,
                                           String... parts) throws Exception {
        List<Path> before = new java.util.ArrayList<>(listFiles(temp));
        ArchiveReaderOptions opts = new ArchiveReaderOptions(spool(), limits);
        ArchiveException inFile = assertThrows(ArchiveException.class, () -> {
            try (ArchiveReader r = OfficialArchiveReader.open(file, opts)) {
                r.catalog();
                readAll(r);
            }
        });
        ArchiveException inStream;
        try (InputStream in = Files.newInputStream(file)) {
            inStream = assertThrows(ArchiveException.class, () -> {
                try (ArchiveReader r = OfficialArchiveReader.open(in, "stdin", opts)) {
                    readAll(r);
                }
            });
        }
        assertEquals(fileKind, inFile.kind(), inFile.getMessage());
        assertEquals(streamKind, inStream.kind(), inStream.getMessage());
        assertTrue(inFile.getMessage().startsWith(file.toString() + ": "), inFile.getMessage());
        assertTrue(inStream.getMessage().startsWith("stdin: "), inStream.getMessage());
        for (ArchiveException e : List.of(inFile, inStream)) {
            assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
            for (String p : parts) {
                assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
            }
        }
        assertEquals(List.of(), listFiles(temp.resolve("spool")), "spools removed");
        List<Path> after = new java.util.ArrayList<>(listFiles(temp));
        after.removeAll(before);
        after.remove(temp.resolve("spool"));
        assertEquals(List.of(), after, "nothing written beside the archive");
        return List.of(inFile, inStream);
    }

    // --- unreadable: exit code 5 -------------------------------------------------------------------

    @Test
    void truncatedGzip() throws Exception {
        byte[] gz = goodTable(new RawTar(), "t").tarGz();
        Path f = write("cut.tar.gz", Arrays.copyOf(gz, gz.length - 20));
        refused(f, ErrorKind.ARCHIVE, "truncated");
    }

    @Test
    void badHeaderChecksum() throws Exception {
        byte[] data = DOCS.getBytes(StandardCharsets.UTF_8);
        Path f = write("sum.tar.gz", goodTable(new RawTar(), "a")
                .entry("top/db/t.json".getBytes(StandardCharsets.UTF_8), RawTar.FILE, "", RawTar.octal(data.length),
                        data, true)
                .tarGz());
        refused(f, ErrorKind.ARCHIVE, "corrupt tar header after member top/db/a.json (checksum mismatch)");
    }

    @Test
    void garbageWhereAHeaderShouldBe() throws Exception {
        byte[] junk = new byte[512];
        new java.util.Random(7).nextBytes(junk);
        Path f = write("junk.tar.gz", RawTar.gzip(goodTable(new RawTar(), "a").raw(junk).tar(true)));
        refused(f, ErrorKind.ARCHIVE);
    }

    @Test
    void negativeSize() throws Exception {
        Path f = write("neg.tar.gz", new RawTar().file("top/db/t.info", INFO)
                .entry("top/db/t.json".getBytes(StandardCharsets.UTF_8), RawTar.FILE, "", RawTar.base256(-5),
                        new byte[0], false).tarGz());
        refused(f, ErrorKind.ARCHIVE);
    }

    // --- unsafe members: exit code 11 ---------------------------------------------------------------

    @Test
    void absolutePath() throws Exception {
        Path outside = temp.getParent().resolve("rm-hostile-" + System.nanoTime() + ".json");
        Path f = write("abs.tar.gz", goodTable(new RawTar(), "a").file(outside.toString(), DOCS).tarGz());
        refused(f, ErrorKind.ARCHIVE_UNSAFE, "member " + outside, "absolute path");
        assertFalse(Files.exists(outside));
    }

    @Test
    void dotDotInAnyMember() throws Exception {
        refused(write("up.tar.gz", goodTable(new RawTar(), "a").file("top/../../escaped.json", DOCS).tarGz()),
                ErrorKind.ARCHIVE_UNSAFE, "member top/../../escaped.json", "'..'");
        refused(write("updir.tar.gz", new RawTar().directory("top/../../x/").tarGz()),
                ErrorKind.ARCHIVE_UNSAFE, "member top/../../x/", "'..'");
        refused(write("upother.tar.gz", goodTable(new RawTar(), "a").file("./../README", "hi").tarGz()),
                ErrorKind.ARCHIVE_UNSAFE, "member ./../README");
        assertFalse(Files.exists(temp.getParent().resolve("escaped.json")));
    }

    @Test
    void linksDevicesAndFifos() throws Exception {
        Object[][] cases = {
            {RawTar.SYMLINK, "/etc/passwd", "is a symbolic link (to /etc/passwd)"},
            {RawTar.HARD_LINK, "top/db/a.json", "is a hard link (to top/db/a.json)"},
            {RawTar.CHAR_DEVICE, "", "is a device file"},
            {RawTar.BLOCK_DEVICE, "", "is a device file"},
            {RawTar.FIFO, "", "is a FIFO"},
        };
        int i = 0;
        for (Object[] c : cases) {
            Path f = write("special" + i++ + ".tar.gz", goodTable(new RawTar(), "a")
                    .special("top/db/t.json", (Character) c[0], (String) c[1]).file("top/db/t.info", INFO).tarGz());
            refused(f, ErrorKind.ARCHIVE_UNSAFE, "member top/db/t.json " + c[2], "refused");
        }
        // also where the member would otherwise be ignored
        refused(write("link-readme.tar.gz", goodTable(new RawTar(), "a").special("top/README", RawTar.SYMLINK,
                "/etc/shadow").tarGz()), ErrorKind.ARCHIVE_UNSAFE, "member top/README is a symbolic link");
    }

    @Test
    void controlCharactersInANameAreRefusedAndEscapedInTheMessage() throws Exception {
        Path f = write("ctl.tar.gz", goodTable(new RawTar(), "a").file("top/db/x\n\u001b[2Jy.json", DOCS).tarGz());
        refused(f, ErrorKind.ARCHIVE_UNSAFE, "member top/db/x\\n\\u001b[2Jy.json has control characters in its name");
    }

    @Test
    void nonUtf8Name() throws Exception {
        byte[] name = "top/db/caf\u00e9.json".getBytes(StandardCharsets.ISO_8859_1);
        byte[] data = DOCS.getBytes(StandardCharsets.UTF_8);
        Path f = write("latin1.tar.gz", goodTable(new RawTar(), "a")
                .entry(name, RawTar.FILE, "", RawTar.octal(data.length), data, false).tarGz());
        refused(f, ErrorKind.ARCHIVE_UNSAFE, "member top/db/caf?.json has a name that is not valid UTF-8");
    }

    // --- too large: exit code 12 --------------------------------------------------------------------

    @Test
    void declaredSizeBeyondWhatTheFileCanHold() throws Exception {
        // 8 GiB declared, 2 KiB archive: no gzip can hold that; a stream cannot know and finds it truncated
        Path f = write("big.tar.gz", new RawTar().file("top/db/t.info", INFO)
                .entry("top/db/t.json".getBytes(StandardCharsets.UTF_8), RawTar.FILE, "", RawTar.octal(077777777777L),
                        DOCS.getBytes(StandardCharsets.UTF_8), false).tarGz());
        List<ArchiveException> e = refused(f, ArchiveLimits.defaults(), ErrorKind.ARCHIVE_TOO_LARGE, ErrorKind.ARCHIVE);
        assertTrue(e.get(0).getMessage().contains("member top/db/t.json declares 8589934591 bytes, more than this"),
                e.get(0).getMessage());
        assertTrue(e.get(1).getMessage().contains("truncated"), e.get(1).getMessage());
    }

    @Test
    void declaredSizeBeyondTheLimit() throws Exception {
        long twoTiB = 2L << 40;
        Path f = write("huge.tar.gz", goodTable(new RawTar(), "a")
                .entry("top/db/t.json".getBytes(StandardCharsets.UTF_8), RawTar.FILE, "", RawTar.base256(twoTiB),
                        new byte[0], false).tarGz());
        refused(f, ErrorKind.ARCHIVE_TOO_LARGE, "member top/db/t.json declares " + twoTiB,
                "--max-uncompressed-bytes " + ArchiveLimits.TIB);
    }

    @Test
    void paxSizeBeyondTheLimit() throws Exception {
        Path f = write("pax.tar.gz", goodTable(new RawTar(), "a")
                .pax(Map.of("size", "5000000000000")).file("top/db/t.json", DOCS).tarGz());
        refused(f, ErrorKind.ARCHIVE_TOO_LARGE, "member top/db/t.json declares 5000000000000");
    }

    @Test
    void paxSizeThatIsNotANumber() throws Exception {
        Path f = write("paxnan.tar.gz", goodTable(new RawTar(), "a")
                .pax(Map.of("size", "99999999999999999999999999")).file("top/db/t.json", DOCS).tarGz());
        refused(f, ErrorKind.ARCHIVE);
    }

    @Test
    void hugeTarMetadata() throws Exception {
        byte[] small = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
        Path pax = write("paxbig.tar.gz", goodTable(new RawTar(), "a")
                .entry("././@PaxHeader".getBytes(StandardCharsets.UTF_8), RawTar.PAX, "", RawTar.octal(3 << 20), small,
                        false).tarGz());
        refused(pax, ErrorKind.ARCHIVE_TOO_LARGE, "PAX or long name", "declares " + (3 << 20));
        Path longName = write("longname.tar.gz", goodTable(new RawTar(), "a")
                .entry("././@LongLink".getBytes(StandardCharsets.UTF_8), RawTar.GNU_LONG_NAME, "",
                        RawTar.octal(3 << 20), small, false).tarGz());
        refused(longName, ErrorKind.ARCHIVE_TOO_LARGE, "PAX or long name");
    }

    @Test
    void decompressionBomb() throws Exception {
        // 144 MiB (more than one ratio window) of blanks inside a JSON array: valid JSON, ~1030:1 under gzip.
        // Built as concatenated gzip members (a gzip file may hold several), the same 16 MiB member repeated.
        int chunk = 16 << 20;
        int chunks = 9;
        long blanks = (long) chunk * chunks;
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        byte[] tarStart = new RawTar().file("top/db/t.info", INFO).entry("top/db/t.json".getBytes(StandardCharsets.UTF_8),
                RawTar.FILE, "", RawTar.octal(blanks + 2), new byte[0], false).tar(false);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        first.writeBytes(tarStart);
        first.write('[');
        gz.writeBytes(RawTar.gzip(first.toByteArray()));
        byte[] spaces = new byte[chunk];
        Arrays.fill(spaces, (byte) ' ');
        byte[] member = RawTar.gzip(spaces);
        for (int i = 0; i < chunks; i++) {
            gz.writeBytes(member);
        }
        ByteArrayOutputStream last = new ByteArrayOutputStream();
        last.write(']');
        last.writeBytes(new byte[(int) ((512 - (blanks + 2) % 512) % 512) + 1024]);
        gz.writeBytes(RawTar.gzip(last.toByteArray()));
        Path f = write("bomb.tar.gz", gz.toByteArray());
        // a file is refused from its declared size already; a stream when the ratio shows
        List<ArchiveException> e = refused(f, ErrorKind.ARCHIVE_TOO_LARGE);
        assertTrue(e.get(0).getMessage().contains("more than this"), e.get(0).getMessage());
        assertTrue(e.get(1).getMessage().contains("stdin: member top/db/t.json: decompression bomb"),
                e.get(1).getMessage());
        assertTrue(e.get(1).getMessage().contains("--max-compression-ratio 1000"), e.get(1).getMessage());
        // with the check off, the same stream reads through (the blanks are valid JSON: an empty table)
        try (InputStream in = Files.newInputStream(f);
                ArchiveReader r = OfficialArchiveReader.open(in, "stdin",
                        new ArchiveReaderOptions(spool(), new ArchiveLimits(ArchiveLimits.TIB, 0)))) {
            assertEquals(Map.of(new TableId("db", "t"), List.of()), readAll(r));
        }
    }

    @Test
    void totalBeyondMaxUncompressedBytes() throws Exception {
        Path f = officialDump();
        ArchiveLimits small = new ArchiveLimits(4096, ArchiveLimits.DEFAULT_MAX_COMPRESSION_RATIO);
        refused(f, small, ErrorKind.ARCHIVE_TOO_LARGE, ErrorKind.ARCHIVE_TOO_LARGE,
                "the archive decompresses to more than --max-uncompressed-bytes 4096 bytes");
    }

    @Test
    void infoTooBigForMetadata() throws Exception {
        String big = "{\"primary_key\": \"id\", \"pad\": \"" + "x".repeat(17 << 20) + "\"}";
        Path f = write("bigInfo.tar.gz", new RawTar().file("top/db/t.info", big).file("top/db/t.json", DOCS).tarGz());
        refused(f, ErrorKind.ARCHIVE_TOO_LARGE, "member top/db/t.info");
    }

    // --- bad data: exit code 13 ---------------------------------------------------------------------

    @Test
    void invalidJsonNamesMemberAndLine() throws Exception {
        Path f = write("json.tar.gz", goodTable(new RawTar(), "a").file("top/db/t.info", INFO)
                .file("top/db/t.json", "[\n{\"id\": 1},\n{\"id\": 2, \"x\": tru}\n]").tarGz());
        refused(f, ErrorKind.ARCHIVE_BAD_DATA, "top/db/t.json line 3: invalid JSON");
    }

    @Test
    void truncatedJsonIsBadDataNotATruncatedArchive() throws Exception {
        Path f = write("unclosed.tar.gz", new RawTar().file("top/db/t.info", INFO)
                .file("top/db/t.json", "[\n{\"id\": 1},\n{\"id\": 2").tarGz());
        refused(f, ErrorKind.ARCHIVE_BAD_DATA, "top/db/t.json line 3");
    }

    // --- inconsistent: exit code 14 -----------------------------------------------------------------

    @Test
    void sameTableTwice() throws Exception {
        refused(write("dup.tar.gz", goodTable(goodTable(new RawTar(), "t"), "u").file("top/db/t.json", DOCS).tarGz()),
                ErrorKind.ARCHIVE_INCONSISTENT, "member top/db/t.json appears twice", "db.t");
        refused(write("dupdot.tar.gz", goodTable(new RawTar(), "t").file("./top/db/t.info", INFO).tarGz()),
                ErrorKind.ARCHIVE_INCONSISTENT, "member ./top/db/t.info appears twice");
    }

    @Test
    void documentWithoutThePrimaryKey() throws Exception {
        Path f = write("nopk.tar.gz", new RawTar().file("top/db/t.info", "{\"primary_key\": \"code\"}")
                .file("top/db/t.json", "[\n{\"code\": \"a\"},\n{\"id\": 2, \"nested\": {\"code\": 1}}\n]").tarGz());
        refused(f, ErrorKind.ARCHIVE_INCONSISTENT, "top/db/t.json line 3: document has no primary key `code`");
    }

    @Test
    void primaryKeyThatIsNotAName() throws Exception {
        Path f = write("pk42.tar.gz", new RawTar().file("top/db/t.info", "{\"primary_key\": 42}")
                .file("top/db/t.json", DOCS).tarGz());
        refused(f, ErrorKind.ARCHIVE_INCONSISTENT, "db/t.info: primary_key is 42");
    }

    // --- what is still accepted ---------------------------------------------------------------------

    @Test
    void directoriesAndOtherPlainFilesAreAccepted() throws Exception {
        Path f = write("ok.tar.gz", goodTable(new RawTar().directory("top/").directory("top/db/"), "t")
                .file("top/notes.txt", "hello").file("top/db/t.config", "{}").tarGz());
        for (boolean stream : new boolean[] {false, true}) {
            Map<TableId, List<String>> all;
            ArchiveReaderOptions opts = new ArchiveReaderOptions(spool());
            if (stream) {
                try (InputStream in = Files.newInputStream(f); ArchiveReader r = OfficialArchiveReader.open(in, "-", opts)) {
                    all = readAll(r);
                }
            } else {
                try (ArchiveReader r = OfficialArchiveReader.open(f, opts)) {
                    all = readAll(r);
                }
            }
            Map<TableId, List<String>> expected = new LinkedHashMap<>();
            expected.put(new TableId("db", "t"), List.of("{\"id\":1,\"n\":\"a\"}", "{\"id\":2,\"n\":\"b\"}"));
            assertEquals(expected, all);
        }
    }
}
