package io.rethinkmigrate.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verify engine on two archives (no server): what differs is found and named, what does not is not. */
class VerifierTest {
    private static final TableId PEOPLE = new TableId("app", "people");
    private static final String BLOB_A = "JHJlcWxfaW5kZXhfZnVuY3Rpb24kCQcHBwAAAAAAAAHt";
    private static final String BLOB_B = "JHJlcWxfaW5kZXhfZnVuY3Rpb24kCQcHBwAAAAAAAAHu";

    @TempDir
    Path dir;

    private static List<String> people(int n) {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add("{\"id\": \"p" + i + "\", \"age\": " + (20 + i % 50) + ", \"tags\": [\"a\", \"b\"], "
                    + "\"born\": {\"$reql_type$\": \"TIME\", \"epoch_time\": " + (1000 + i) + ".5, \"timezone\": \"+02:00\"}}");
        }
        return docs;
    }

    private static String plainInfo() {
        return TestArchive.info("id", "[" + TestArchive.index("age", BLOB_A, "indexCreate('age')", false, false) + "]", null);
    }

    private Path archive(String name, String info, List<String> docs) throws IOException {
        return new TestArchive().table("app", "people", info, docs).write(dir.resolve(name));
    }

    private VerifyReport verify(Path source, Path target, int show, long budget) throws Exception {
        return new Verifier(side(source), side(target), Selection.all(), show, budget, false).run();
    }

    private static VerifySide side(Path file) {
        return new ArchiveVerifySide(OfficialArchiveReader.open(file, ArchiveReaderOptions.defaults()), file,
                "archive " + file.getFileName());
    }

    private static TableVerdict only(VerifyReport report) {
        assertEquals(1, report.tables().size(), report.summary());
        return report.tables().get(0);
    }

    @Test
    void equalArchivesMatchEvenWithKeysReorderedAndNumbersSpelledOtherwise() throws Exception {
        List<String> docs = people(300);
        List<String> other = new ArrayList<>();
        for (int i = docs.size() - 1; i >= 0; i--) { // reversed order, keys reordered, 20 → 20.0, MIME-free binaries
            other.add("{\"tags\": [\"a\", \"b\"], \"born\": {\"timezone\": \"+02:00\", \"epoch_time\": " + (1000 + i)
                    + ".50, \"$reql_type$\": \"TIME\"}, \"age\": " + (20 + i % 50) + ".0, \"id\": \"p" + i + "\"}");
        }
        VerifyReport report = verify(archive("a.tar.gz", plainInfo(), docs), archive("b.tar.gz", plainInfo(), other), 10, 1000);
        assertTrue(report.allMatch(), report.summary());
        TableVerdict t = only(report);
        assertEquals(300, t.sourceDocuments());
        assertEquals(300, t.targetDocuments());
        assertEquals(t.sourceHash(), t.targetHash());
    }

    @Test
    void missingExtraAndChangedDocumentsAreNamedByKey() throws Exception {
        List<String> docs = people(500);
        List<String> changed = new ArrayList<>(docs);
        changed.remove(17);                                               // p17 missing on target
        changed.set(40, changed.get(40).replace("\"age\": ", "\"age\": 1")); // p41 changed
        changed.add("{\"id\": \"zz\", \"age\": 1}");                      // zz extra on target
        VerifyReport report = verify(archive("a.tar.gz", plainInfo(), docs), archive("b.tar.gz", plainInfo(), changed), 10, 1000);
        assertFalse(report.allMatch());
        TableVerdict t = only(report);
        assertEquals(List.of(new KeyDifference(KeyDifference.Kind.MISSING, "\"p17\""),
                new KeyDifference(KeyDifference.Kind.EXTRA, "\"zz\""),
                new KeyDifference(KeyDifference.Kind.CHANGED, "\"p41\"")), sorted(t.keys()));
        assertEquals(500, t.sourceDocuments());
        assertEquals(500, t.targetDocuments());
        assertNull(t.keysNote());
        assertTrue(report.summary().contains("app.people"), report.summary());
        assertTrue(report.summary().contains("missing on target: \"p17\""), report.summary());
        assertTrue(report.summary().contains("extra on target: \"zz\""), report.summary());
        assertTrue(report.summary().contains("changed: \"p41\""), report.summary());
    }

    @Test
    void aTinyKeyBudgetSplitsBucketsIntoSlicesAndStillFindsEveryKey() throws Exception {
        List<String> docs = people(600);
        List<String> changed = new ArrayList<>(docs.subList(0, 590));   // p590..p599 missing
        VerifyReport report = verify(archive("a.tar.gz", plainInfo(), docs), archive("b.tar.gz", plainInfo(), changed), 100, 2);
        TableVerdict t = only(report);
        assertEquals(10, t.keys().size(), t.keys().toString());
        for (int i = 590; i < 600; i++) {
            assertTrue(t.keys().contains(new KeyDifference(KeyDifference.Kind.MISSING, "\"p" + i + "\"")), "p" + i);
        }
    }

    @Test
    void showDifferencesLimitsTheKeysListedAndSaysSo() throws Exception {
        List<String> docs = people(100);
        VerifyReport report = verify(archive("a.tar.gz", plainInfo(), docs),
                archive("b.tar.gz", plainInfo(), docs.subList(0, 50)), 3, 1000);
        TableVerdict t = only(report);
        assertEquals(3, t.keys().size());
        assertTrue(t.keysNote().contains("--show-differences 3"), t.keysNote());
        assertTrue(t.problems().contains("documents: 100 on source, 50 on target"), t.problems().toString());

        VerifyReport none = verify(archive("c.tar.gz", plainInfo(), docs),
                archive("d.tar.gz", plainInfo(), docs.subList(0, 50)), 0, 1000);
        assertEquals(List.of(), only(none).keys());
        assertFalse(none.allMatch());
    }

    @Test
    void missingAndExtraIndexesAndChangedIndexFunctionsAreReported() throws Exception {
        String source = TestArchive.info("id", "[" + TestArchive.index("age", BLOB_A, "indexCreate('age')", false, false)
                + ", " + TestArchive.index("tags", BLOB_A, "indexCreate('tags', {multi: true})", true, false)
                + ", " + TestArchive.index("name", BLOB_A, "q1", false, false) + "]", null);
        String target = TestArchive.info("id", "[" + TestArchive.index("tags", BLOB_A, "indexCreate('tags', {multi: true})", false, false)
                + ", " + TestArchive.index("name", BLOB_B, "q2", false, false)
                + ", " + TestArchive.index("extra", BLOB_A, "x", false, false) + "]", null);
        List<String> docs = people(10);
        TableVerdict t = only(verify(archive("a.tar.gz", source, docs), archive("b.tar.gz", target, docs), 10, 1000));
        assertEquals(List.of("index `age` missing on target",
                "index `name`: function differs (source q1, target q2)",
                "index `tags`: multi on source, not multi on target",
                "index `extra` only on target"), t.problems());
        assertEquals(List.of(), t.keys(), "the documents are the same");
    }

    @Test
    void indexFunctionsAreEqualByBlobWhateverItsLineBreaksOrByQueryText() throws Exception {
        String mime = BLOB_A.substring(0, 20) + "\\r\\n" + BLOB_A.substring(20);
        String source = TestArchive.info("id", "[" + TestArchive.index("a", BLOB_A, "qa", false, false)
                + ", " + TestArchive.index("b", BLOB_A, "same text", false, false) + "]", null);
        String target = TestArchive.info("id", "[" + TestArchive.index("a", mime, "other text", false, false)
                + ", " + TestArchive.index("b", BLOB_B, "same text", false, false) + "]", null);
        List<String> docs = people(3);
        VerifyReport report = verify(archive("a.tar.gz", source, docs), archive("b.tar.gz", target, docs), 10, 1000);
        assertTrue(report.allMatch(), report.summary());
    }

    @Test
    void writeHooksAreComparedByBlobOrQuery() throws Exception {
        List<String> docs = people(5);
        String hookA = TestArchive.info("id", "[]", TestArchive.hook(BLOB_A, "setWriteHook(a)"));
        String hookB = TestArchive.info("id", "[]", TestArchive.hook(BLOB_B, "setWriteHook(b)"));
        String none = TestArchive.info("id", "[]", null);
        assertEquals(List.of("write hook differs (source setWriteHook(a), target setWriteHook(b))"),
                only(verify(archive("a.tar.gz", hookA, docs), archive("b.tar.gz", hookB, docs), 10, 1000)).problems());
        assertEquals(List.of("write hook missing on target"),
                only(verify(archive("c.tar.gz", hookA, docs), archive("d.tar.gz", none, docs), 10, 1000)).problems());
        assertEquals(List.of("write hook only on target"),
                only(verify(archive("e.tar.gz", none, docs), archive("f.tar.gz", hookB, docs), 10, 1000)).problems());
        assertTrue(verify(archive("g.tar.gz", hookA, docs), archive("h.tar.gz", hookA, docs), 10, 1000).allMatch());
    }

    @Test
    void primaryKeyAndSettingsFromConfigMembersAreComparedWhenBothSidesHaveThem() throws Exception {
        List<String> docs = people(5);
        Path a = new TestArchive().table("app", "people", plainInfo(), docs)
                .member("app/people.config", TestArchive.config("id", 2, 1, "majority", "hard")).write(dir.resolve("a.tar.gz"));
        Path b = new TestArchive().table("app", "people", plainInfo(), docs)
                .member("app/people.config", TestArchive.config("id", 1, 3, "single", "soft")).write(dir.resolve("b.tar.gz"));
        Path official = archive("c.tar.gz", plainInfo(), docs); // no .config: settings skipped silently
        assertEquals(List.of("shards: 2 on source, 1 on target", "replicas: 1 on source, 3 on target",
                "write_acks: \"majority\" on source, \"single\" on target", "durability: \"hard\" on source, \"soft\" on target"),
                only(verify(a, b, 10, 1000)).problems());
        assertTrue(verify(a, official, 10, 1000).allMatch());

        // documents that have both fields, so that each archive is consistent with its own primary key
        List<String> named = docs.stream().map(d -> d.replaceFirst("\\{", "{\"name\": \"n" + d.hashCode() + "\", ")).toList();
        Path byId = archive("e.tar.gz", plainInfo(), named);
        Path otherKey = archive("d.tar.gz", TestArchive.info("name", "[" + TestArchive.index("age", BLOB_A,
                "indexCreate('age')", false, false) + "]", null), named);
        TableVerdict t = only(verify(byId, otherKey, 10, 1000));
        assertEquals("primary key `id` on source, `name` on target", t.problems().get(0));
        assertTrue(t.keysNote().contains("primary keys differ"), t.keysNote());
    }

    @Test
    void tablesOnOneSideOnlyAreDifferencesUnlessTheSourceDefinesTheTables() throws Exception {
        Path a = new TestArchive().table("app", "people", plainInfo(), people(3)).write(dir.resolve("a.tar.gz"));
        Path b = new TestArchive().table("app", "people", plainInfo(), people(3))
                .table("app", "later", plainInfo(), people(1)).write(dir.resolve("b.tar.gz"));
        VerifyReport twoClusters = verify(a, b, 10, 1000);
        assertFalse(twoClusters.allMatch());
        assertEquals(List.of("table only on target (archive b.tar.gz)"), twoClusters.differing().get(0).problems());
        assertTrue(verify(b, a, 10, 1000).differing().get(0).problems().get(0).startsWith("table missing on target"));

        VerifyReport archiveFirst = new Verifier(side(a), side(b), Selection.all(), 10, 1000, true).run();
        assertTrue(archiveFirst.allMatch(), archiveFirst.summary());
        assertEquals(List.of("not compared, not in archive a.tar.gz: app.later"), archiveFirst.notes());
    }

    @Test
    void selectionLimitsTheTablesCompared() throws Exception {
        Path a = new TestArchive().table("app", "people", plainInfo(), people(3))
                .table("app", "orders", plainInfo(), people(2)).write(dir.resolve("a.tar.gz"));
        Path b = new TestArchive().table("app", "people", plainInfo(), people(3))
                .table("app", "orders", plainInfo(), people(1)).write(dir.resolve("b.tar.gz"));
        VerifyReport report = new Verifier(side(a), side(b), Selection.all().excluding("--exclude", List.of("app.orders")),
                10, 1000, false).run();
        assertTrue(report.allMatch(), report.summary());
        assertEquals(List.of(PEOPLE), report.tables().stream().map(TableVerdict::table).toList());
    }

    @Test
    void aStreamSideIsReadOnceSoKeysAreNotListedButTheDifferenceIsFound() throws Exception {
        List<String> docs = people(20);
        Path a = archive("a.tar.gz", plainInfo(), docs);
        Path b = archive("b.tar.gz", plainInfo(), docs.subList(0, 19));
        try (InputStream in = Files.newInputStream(b)) {
            VerifySide stream = new ArchiveVerifySide(OfficialArchiveReader.open(in, "stdin", ArchiveReaderOptions.defaults()),
                    null, "archive stdin");
            VerifyReport report = new Verifier(side(a), stream, Selection.all(), 10, 1000, false).run();
            TableVerdict t = only(report);
            assertFalse(t.matches());
            assertEquals(List.of(), t.keys());
            assertTrue(t.keysNote().contains("stream"), t.keysNote());
            assertTrue(t.problems().contains("documents: 20 on source, 19 on target"), t.problems().toString());
        }
    }

    private static List<KeyDifference> sorted(List<KeyDifference> keys) {
        List<KeyDifference> out = new ArrayList<>(keys);
        out.sort(java.util.Comparator.comparing(KeyDifference::kind).thenComparing(KeyDifference::key));
        return out;
    }
}
