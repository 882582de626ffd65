package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.RawTar;
import io.rethinkmigrate.testsupport.SampleDatabase;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Endpoint;
import io.rethinkmigrate.wire.Term;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken archive data found while the documents are loaded, against a live server: the broken table
 * leaves nothing behind (the table the restore created is dropped, and its database when the restore
 * created it for that table only), the error names the member and line and says so; with
 * {@code --skip-bad-tables} the other tables are restored and the exit code is 7. Checked with the
 * official JS driver. Archives come from {@link RawTar}; the bad line comes after more than two insert
 * batches, so documents were really written before it was found.
 */
class HostileArchiveIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.none("rm_hostile");

    private static final String INFO = "{\"primary_key\": \"id\", \"indexes\": []}";
    private static final int GOOD_DOCS = 2500;
    private static final int BAD_LINE = GOOD_DOCS + 2; // after "[" and the good documents

    @TempDir
    Path dir;

    private static String docs(int n, String pk) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < n; i++) {
            b.append("{\"").append(pk).append("\": ").append(i).append(", \"name\": \"doc ").append(i).append("\"}")
                    .append(i + 1 < n ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }

    /** GOOD_DOCS valid documents, then a line of broken JSON. */
    private static String brokenDocs() {
        String good = docs(GOOD_DOCS, "id");
        return good.substring(0, good.length() - 3) + ",\n{\"id\": \"x\", \"name\": nope}\n]\n";
    }

    /** Documents, the last one without the primary key. */
    private static String docsMissingKey() {
        String good = docs(GOOD_DOCS, "id");
        return good.substring(0, good.length() - 3) + ",\n{\"name\": \"no key\"}\n]\n";
    }

    private Path archive(String name, RawTar tar) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, tar.tarGz());
        return f;
    }

    /** a_good (3000), b_bad (broken at BAD_LINE), c_good (10), in that order. */
    private RawTar threeTables(String db) {
        return new RawTar()
                .file("dump/" + db + "/a_good.info", INFO).file("dump/" + db + "/a_good.json", docs(3000, "id"))
                .file("dump/" + db + "/b_bad.info", INFO).file("dump/" + db + "/b_bad.json", brokenDocs())
                .file("dump/" + db + "/c_good.info", INFO).file("dump/" + db + "/c_good.json", docs(10, "id"));
    }

    private CliResult restore(byte[] stdin, String... args) {
        CliRunner runner = new CliRunner();
        if (stdin != null) {
            runner.stdin(stdin);
        }
        return sample.cli(runner, args);
    }

    private List<String> databases() {
        try (Connection c = Connection.open(ConnectOptions.builder().endpoint(new Endpoint(sample.server().host(), sample.server().port()))
                .password(sample.server().password()).connectTimeout(Duration.ofSeconds(20)).build())) {
            List<String> out = new ArrayList<>();
            c.run(Term.dbList()).forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    private static String errorLine(CliResult r) {
        List<String> errors = r.stderr().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), "one error line: " + r.describe());
        return errors.get(0);
    }

    @Test
    void badJsonStopsTheRestoreAndLeavesNothingOfTheTable() throws Exception {
        String db = sample.newDb("rm_hostile");
        Path file = archive("broken.tar.gz", threeTables(db));
        CliResult r = restore(null, "restore", file.toString());
        assertEquals(13, r.exitCode(), r.describe());
        String error = errorLine(r);
        assertTrue(error.startsWith("error: " + file + ": dump/" + db + "/b_bad.json line " + BAD_LINE + ": invalid JSON"),
                error);
        assertTrue(error.endsWith("nothing of " + db + ".b_bad was restored (the table this restore created was dropped)"),
                error);
        assertEquals(List.of(db + ".a_good"), sample.tablesOf(db), "a_good before it restored, b_bad dropped, c_good not reached");
        assertEquals(3000, sample.js().count(db, "a_good"));
    }

    @Test
    void skipBadTablesRestoresTheOthersFromAFileAndFromStdin() throws Exception {
        for (boolean stdin : new boolean[] {false, true}) {
            String db = sample.newDb("rm_hostile");
            Path file = archive("broken-" + stdin + ".tar.gz", threeTables(db));
            Path report = dir.resolve("report-" + stdin + ".json");
            CliResult r = stdin
                    ? restore(Files.readAllBytes(file), "restore", "-", "--skip-bad-tables", "--report", report.toString())
                    : restore(null, "restore", file.toString(), "--skip-bad-tables", "--report", report.toString());
            assertEquals(7, r.exitCode(), r.describe());
            assertEquals(List.of(db + ".a_good", db + ".c_good"), sample.tablesOf(db), "the bad table left nothing");
            assertEquals(3000, sample.js().count(db, "a_good"));
            assertEquals(10, sample.js().count(db, "c_good"));
            JsonNode tables = Json.parse(Files.readString(report)).get("tables");
            JsonNode bad = null;
            for (JsonNode t : tables) {
                if (t.get("table").asText().equals("b_bad")) {
                    bad = t;
                } else {
                    assertEquals("done", t.get("status").asText(), t.toString());
                }
            }
            assertTrue(bad != null, "b_bad in the report: " + tables);
            assertEquals("failed", bad.get("status").asText(), bad.toString());
            assertTrue(bad.get("error").asText().contains("b_bad.json line " + BAD_LINE + ": invalid JSON"), bad.toString());
            assertTrue(bad.get("error").asText().contains("nothing of " + db + ".b_bad was restored"), bad.toString());
            assertTrue(r.stderr().contains("b_bad"), "the summary names the failed table: " + r.stderr());
        }
    }

    @Test
    void aDocumentWithoutThePrimaryKeyDropsTheTableAndTheDatabaseCreatedForIt() throws Exception {
        String db = sample.newDb("rm_hostile");
        Path file = archive("nokey.tar.gz", new RawTar()
                .file("dump/" + db + "/t.info", INFO).file("dump/" + db + "/t.json", docsMissingKey()));
        for (boolean stdin : new boolean[] {false, true}) {
            CliResult r = stdin ? restore(Files.readAllBytes(file), "restore", "-")
                    : restore(null, "restore", file.toString());
            assertEquals(14, r.exitCode(), r.describe());
            String error = errorLine(r);
            assertTrue(error.contains("dump/" + db + "/t.json line " + BAD_LINE + ": document has no primary key `id`"),
                    error);
            assertTrue(error.contains("nothing of " + db + ".t was restored"), error);
            assertEquals(List.of(), sample.tablesOf(db));
            assertFalse(databases().contains(db), "the database created for the table was dropped too");
        }
    }

    @Test
    void anExistingTableIsNeverDroppedAndTheErrorSaysWhatWasWritten() throws Exception {
        String db = sample.newDb("rm_hostile");
        sample.js().load(db, "b_bad", "id", List.of("{\"id\": \"kept\", \"name\": \"was there before\"}"));
        Path file = archive("force.tar.gz", new RawTar()
                .file("dump/" + db + "/b_bad.info", INFO).file("dump/" + db + "/b_bad.json", brokenDocs()));
        CliResult r = restore(null, "restore", file.toString(), "--force");
        assertEquals(13, r.exitCode(), r.describe());
        String error = errorLine(r);
        assertTrue(error.contains("b_bad.json line " + BAD_LINE + ": invalid JSON"), error);
        assertTrue(error.contains("document(s) had already been written into the existing table " + db
                + ".b_bad (--force) and are left there"), error);
        assertEquals(List.of(db + ".b_bad"), sample.tablesOf(db), "the existing table is still there");
        java.util.regex.Matcher written = java.util.regex.Pattern.compile("; (\\d+) document\\(s\\) had already")
                .matcher(error);
        assertTrue(written.find(), error);
        long said = Long.parseLong(written.group(1));
        assertTrue(said > 0 && said <= GOOD_DOCS, "batches went in before the bad line: " + error);
        assertEquals(said + 1, sample.js().count(db, "b_bad"), "the error tells what was written, besides the old document");
        assertTrue(sample.js().dump(db, "b_bad").stream().anyMatch(d -> d.contains("was there before")));
    }

    @Test
    void anUnsafeMemberFromStdinStopsBeforeAnythingIsWritten() throws Exception {
        String db = sample.newDb("rm_hostile");
        byte[] tar = new RawTar().special("dump/" + db + "/evil.json", RawTar.SYMLINK, "/etc/passwd")
                .file("dump/" + db + "/a.info", INFO).file("dump/" + db + "/a.json", docs(10, "id")).tarGz();
        CliResult r = restore(tar, "restore", "-", "--temp-dir", dir.toString());
        assertEquals(11, r.exitCode(), r.describe());
        assertTrue(errorLine(r).contains("error: stdin: member dump/" + db + "/evil.json is a symbolic link"),
                r.describe());
        assertEquals(List.of(), sample.tablesOf(db));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing spooled or extracted");
        }
    }
}
