package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.ArchiveLimitOptions;

import static io.rethinkmigrate.cli.InProcessCli.closedPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RawTar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken and hostile archives through the command line, as an operator meets them:
 * `restore FILE` refuses each before connecting (the catalog pass reads the whole archive), with its
 * documented exit code and a one-line error naming the file and the member, and writes nothing (the
 * port given has nothing listening: reaching it would be exit code 3). Bad data found only while the
 * documents are loaded (invalid JSON, missing primary keys) needs a server: HostileArchiveIT.
 */
class HostileArchiveCliTest {
    private static final String INFO = "{\"primary_key\": \"id\", \"indexes\": []}";
    private static final String DOCS = "[\n{\"id\": 1},\n{\"id\": 2}\n]";
    private static final String ESCAPED = "rm-hostile-escaped-" + ProcessHandle.current().pid() + ".json";

    @TempDir
    Path temp;

    private static RawTar good() {
        return new RawTar().file("top/db/a.info", INFO).file("top/db/a.json", DOCS);
    }

    private static byte[] withEntry(String name, char type, String link) {
        return good().special(name, type, link).tarGz();
    }

    static Stream<Arguments> corpus() {
        byte[] plain = good().tarGz();
        byte[] docs = DOCS.getBytes(StandardCharsets.UTF_8);
        return Stream.of(
            Arguments.of("truncated gzip", Arrays.copyOf(plain, plain.length - 30), 5, "truncated"),
            Arguments.of("not gzip", "PK\u0003\u0004 a zip, not a dump".getBytes(StandardCharsets.UTF_8), 5,
                    "not a gzip file"),
            Arguments.of("bad header checksum", good().entry("top/db/t.json".getBytes(StandardCharsets.UTF_8),
                    RawTar.FILE, "", RawTar.octal(docs.length), docs, true).tarGz(), 5,
                    "corrupt tar header after member top/db/a.json (checksum mismatch)"),
            Arguments.of("absolute path", good().file("/tmp/" + ESCAPED, DOCS).tarGz(), 11,
                    "member /tmp/" + ESCAPED + " has an absolute path"),
            Arguments.of("dot-dot", good().file("top/../../" + ESCAPED, DOCS).tarGz(), 11,
                    "member top/../../" + ESCAPED + " escapes the archive with '..'"),
            Arguments.of("symlink", withEntry("top/db/t.json", RawTar.SYMLINK, "/etc/passwd"), 11,
                    "member top/db/t.json is a symbolic link (to /etc/passwd)"),
            Arguments.of("hard link", withEntry("top/db/t.json", RawTar.HARD_LINK, "/etc/passwd"), 11,
                    "member top/db/t.json is a hard link (to /etc/passwd)"),
            Arguments.of("device", withEntry("top/db/t.json", RawTar.CHAR_DEVICE, ""), 11,
                    "member top/db/t.json is a device file"),
            Arguments.of("fifo", withEntry("top/db/t.json", RawTar.FIFO, ""), 11, "member top/db/t.json is a FIFO"),
            Arguments.of("non-UTF-8 name", good().entry("top/db/t\u00ff.json".getBytes(StandardCharsets.ISO_8859_1),
                    RawTar.FILE, "", RawTar.octal(docs.length), docs, false).tarGz(), 11, "not valid UTF-8"),
            Arguments.of("declared size beyond the file", good().entry("top/db/t.json".getBytes(StandardCharsets.UTF_8),
                    RawTar.FILE, "", RawTar.octal(1L << 32), docs, false).tarGz(), 12,
                    "member top/db/t.json declares 4294967296 bytes, more than this"),
            Arguments.of("PAX size beyond the limit", good().pax(Map.of("size", "9000000000000"))
                    .file("top/db/t.json", DOCS).tarGz(), 12, "member top/db/t.json declares 9000000000000 bytes"),
            Arguments.of("invalid .info", good().file("top/db/t.info", "{\"primary_key\": ").file("top/db/t.json", DOCS)
                    .tarGz(), 13, "member top/db/t.info: invalid table metadata"),
            Arguments.of("table twice", good().file("top/db/a.json", DOCS).tarGz(), 14,
                    "member top/db/a.json appears twice"),
            Arguments.of("primary key not a name", good().file("top/db/t.info", "{\"primary_key\": [\"a\"]}")
                    .file("top/db/t.json", DOCS).tarGz(), 14, "db/t.info: primary_key is [\"a\"], not a field name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedBeforeConnectingWithItsExitCode(String what, byte[] archive, int exitCode, String message)
            throws Exception {
        Path file = temp.resolve("hostile.tar.gz");
        Files.write(file, archive);
        Path spool = Files.createDirectories(temp.resolve("spool"));
        InProcessCli.Outcome o = InProcessCli.run("restore", file.toString(), "-c", "127.0.0.1:" + closedPort(),
                "--temp-dir", spool.toString());
        assertEquals(exitCode, o.code(), what + ": " + o.err());
        List<String> errors = o.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), "one error line: " + o.err());
        assertTrue(errors.get(0).startsWith("error: " + file + ": "), "names the file: " + o.err());
        assertTrue(errors.get(0).contains(message), "'" + errors.get(0) + "' should contain '" + message + "'");
        assertEquals("", o.out());
        assertNothingWritten(spool);
    }

    @Test
    void aLowerUncompressedLimitRefusesTheOfficialFixture() throws Exception {
        Path spool = Files.createDirectories(temp.resolve("spool"));
        InProcessCli.Outcome o = InProcessCli.run("restore", Fixtures.officialDump().toString(),
                "-c", "127.0.0.1:" + closedPort(), "--max-uncompressed-bytes", "8K", "--temp-dir", spool.toString());
        assertEquals(12, o.code(), o.err());
        assertTrue(o.err().contains("more than --max-uncompressed-bytes 8192"), o.err());
        assertNothingWritten(spool);
        // the default lets it through to the connection (exit code 3: nothing listens on the port)
        o = InProcessCli.run("restore", Fixtures.officialDump().toString(), "-c", "127.0.0.1:" + closedPort());
        assertEquals(3, o.code(), o.err());
    }

    @Test
    void badLimitValuesAreUsageErrors() {
        InProcessCli.Outcome o = InProcessCli.run("restore", Fixtures.officialDump().toString(),
                "--max-uncompressed-bytes", "lots");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--max-uncompressed-bytes lots: not a size"), o.err());
        o = InProcessCli.run("restore", Fixtures.officialDump().toString(), "--max-compression-ratio", "-1");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--max-compression-ratio -1"), o.err());
    }

    @Test
    void sizesTakePowersOf1024() {
        assertEquals(123, ArchiveLimitOptions.parseSize("--x", "123"));
        assertEquals(64L << 10, ArchiveLimitOptions.parseSize("--x", "64K"));
        assertEquals(10L << 20, ArchiveLimitOptions.parseSize("--x", "10MiB"));
        assertEquals(2L << 30, ArchiveLimitOptions.parseSize("--x", "2g"));
        assertEquals(1L << 40, ArchiveLimitOptions.parseSize("--x", "1TB"));
    }

    @Test
    void helpNamesTheOptions() {
        InProcessCli.Outcome o = InProcessCli.run("restore", "--help");
        assertEquals(0, o.code());
        for (String option : List.of("--skip-bad-tables", "--max-uncompressed-bytes", "--max-compression-ratio")) {
            assertTrue(o.out().contains(option), option + " in:\n" + o.out());
        }
    }

    /** The spool dir is empty, and no member's name became a file beside the temp dir or in the working dir. */
    private void assertNothingWritten(Path spool) throws Exception {
        try (Stream<Path> files = Files.list(spool)) {
            assertEquals(List.of(), files.toList());
        }
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(List.of(temp.resolve("hostile.tar.gz"), spool).stream().filter(Files::exists).sorted().toList(),
                    files.sorted().toList());
        }
        for (Path dir : List.of(temp.getParent(), Path.of("/tmp"), Path.of("").toAbsolutePath(),
                Path.of("").toAbsolutePath().getParent())) {
            assertFalse(Files.exists(dir.resolve(ESCAPED)), dir.resolve(ESCAPED) + " written");
        }
    }
}
