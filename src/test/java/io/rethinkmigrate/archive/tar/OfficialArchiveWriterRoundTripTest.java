package io.rethinkmigrate.archive.tar;

import static io.rethinkmigrate.archive.ArchiveTestSupport.canonical;
import static io.rethinkmigrate.archive.ArchiveTestSupport.listFiles;
import static io.rethinkmigrate.archive.ArchiveTestSupport.members;
import static io.rethinkmigrate.archive.ArchiveTestSupport.officialDump;
import static io.rethinkmigrate.archive.ArchiveTestSupport.readAll;
import static io.rethinkmigrate.archive.ArchiveTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.ArchiveTestSupport;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes archives and reads them back, with our reader, commons-compress, tar, gzip and Python. */
class OfficialArchiveWriterRoundTripTest {
    private static final String TOP = "rethinkdb_dump_2026-11-25T18:46:09";

    @TempDir
    Path temp;

    private Path spoolDir() throws Exception {
        return Files.createDirectories(temp.resolve("spool"));
    }

    private ArchiveWriterOptions wopts() throws Exception {
        return ArchiveWriterOptions.defaults().withTempDir(spoolDir());
    }

    /** Copies the fixture into a new archive with our writer, tables in catalog order, documents in file order. */
    private Path copyFixture(Path target) throws Exception {
        return ArchiveTestSupport.copyFixture(target, TOP, spoolDir(), wopts());
    }

    @Test
    void dataAndInfoMembersEqualTheOfficialOnesByteForByte() throws Exception {
        Path ours = copyFixture(temp.resolve("ours.tar.gz"));
        Map<String, byte[]> official = members(officialDump());
        Map<String, byte[]> mine = members(ours);
        assertEquals(new HashSet<>(official.keySet()), new HashSet<>(mine.keySet()));
        for (String name : official.keySet()) {
            assertArrayEquals(official.get(name), mine.get(name), "member " + name + " differs from the official one");
        }
        assertEquals(List.of(), listFiles(spoolDir()), "no spool left");
    }

    @Test
    void ourArchiveHasTheOfficialLayout() throws Exception {
        Path ours = copyFixture(temp.resolve("ours.tar.gz"));
        Map<String, byte[]> mine = members(ours);
        List<String> names = new ArrayList<>(mine.keySet());
        assertEquals(10, names.size());
        Set<String> tops = new HashSet<>();
        for (String n : names) {
            String[] parts = n.split("/");
            assertEquals(3, parts.length, n);
            tops.add(parts[0]);
            assertTrue(n.endsWith(".json") || n.endsWith(".info"), n);
            assertFalse(new String(mine.get(n), StandardCharsets.UTF_8).equals("DIR"), "no directory entries: " + n);
        }
        assertEquals(Set.of(TOP), tops);
        // .info before .json for each table
        for (int i = 0; i < names.size(); i += 2) {
            assertTrue(names.get(i).endsWith(".info"));
            assertEquals(names.get(i).replace(".info", ".json"), names.get(i + 1));
        }
        assertArrayEquals("[\n]\n".getBytes(StandardCharsets.UTF_8), mine.get(TOP + "/shop/empty_table.json"));
    }

    @Test
    void documentsSurviveTheRoundTripCanonically() throws Exception {
        Path ours = copyFixture(temp.resolve("ours.tar.gz"));
        Map<TableId, List<String>> a;
        Map<TableId, List<String>> b;
        try (ArchiveReader r = OfficialArchiveReader.open(officialDump(), ArchiveReaderOptions.defaults())) {
            a = readAll(r);
        }
        try (ArchiveReader r = OfficialArchiveReader.open(ours, ArchiveReaderOptions.defaults())) {
            b = readAll(r);
        }
        assertEquals(a.keySet(), b.keySet());
        for (TableId t : a.keySet()) {
            List<String> x = a.get(t);
            List<String> y = b.get(t);
            assertEquals(x.size(), y.size(), t.toString());
            for (int i = 0; i < x.size(); i++) {
                assertEquals(canonical(x.get(i)), canonical(y.get(i)), t + " document " + i);
                assertEquals(x.get(i), y.get(i), t + " document " + i + " compact bytes");
            }
        }
    }

    @Test
    void externalToolsAcceptOurArchive() throws Exception {
        Path ours = copyFixture(temp.resolve("ours.tar.gz"));
        checkWithExternalTools(temp, ours, 10);
        // Python's json module reads our .json members to the same values as the official ones
        Path script = temp.resolve("cmp.py");
        Files.writeString(script, String.join("\n",
                "import tarfile, json, sys",
                "def load(p):",
                "    t = tarfile.open(p, 'r:gz')",
                "    return {m.name: json.loads(t.extractfile(m).read()) for m in t.getmembers() if m.isfile()}",
                "a = load(sys.argv[1]); b = load(sys.argv[2])",
                "assert a.keys() == b.keys(), (sorted(a), sorted(b))",
                "for k in a:",
                "    assert json.dumps(a[k]) == json.dumps(b[k]), k",
                "print('same', len(a))", ""));
        ArchiveTestSupport.Run py = run(temp, "python3", script.toString(), officialDump().toString(), ours.toString());
        if (py != null) {
            assertEquals(0, py.exit(), py.output());
            assertTrue(py.output().contains("same 10"), py.output());
        }
    }

    static void checkWithExternalTools(Path dir, Path archive, int expectedMembers) throws Exception {
        ArchiveTestSupport.Run gz = run(dir, "gzip", "-t", archive.toString());
        if (gz != null) {
            assertEquals(0, gz.exit(), "gzip -t: " + gz.output());
        }
        ArchiveTestSupport.Run tar = run(dir, "tar", "tzf", archive.toString());
        if (tar != null) {
            assertEquals(0, tar.exit(), "tar tzf: " + tar.output());
            assertEquals(expectedMembers, tar.output().lines().count(), tar.output());
            assertFalse(tar.output().contains("warning"), tar.output());
        }
        ArchiveTestSupport.Run py = run(dir, "python3", "-c",
                "import tarfile,sys\nt=tarfile.open(sys.argv[1],'r:gz')\nms=t.getmembers()\n"
                        + "assert all(m.isfile() for m in ms)\n"
                        + "[t.extractfile(m).read() for m in ms]\nprint(len(ms))", archive.toString());
        if (py != null) {
            assertEquals(0, py.exit(), "python tarfile: " + py.output());
            assertEquals(String.valueOf(expectedMembers), py.output().trim());
        }
    }

    @Test
    void pythonStyleSerializationOfTrickyValues() throws Exception {
        Path target = temp.resolve("tricky.tar.gz");
        String doc = "{\"id\":\"a\u00fc\uD83D\uDE00\",\"s\":\"\\u0001\\n\\t\\\"\\\\/\u007f\u2028\",\"n\":[-0.0,5e-324,"
                + "1.7976931348623157e308,9223372036854775808,1E+2,0,-7],\"o\":{},\"a\":[],\"z\":null,\"t\":true}";
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(target, "top", wopts())) {
            try (TableWriter t = w.openTable(new TableId("db", "t"), TableInfo.parse("{\"primary_key\":\"id\"}"))) {
                t.write(RawJson.of(doc));
                t.write(RawJson.of("{ \"id\" : 2 }"));
                t.finish();
                String expected = "[\n{\"id\": \"a\\u00fc\\ud83d\\ude00\", \"s\": \"\\u0001\\n\\t\\\"\\\\/\\u007f\\u2028\", "
                        + "\"n\": [-0.0, 5e-324, 1.7976931348623157e308, 9223372036854775808, 1E+2, 0, -7], "
                        + "\"o\": {}, \"a\": [], \"z\": null, \"t\": true},\n{\"id\": 2}\n]\n";
                assertEquals(expected.getBytes(StandardCharsets.UTF_8).length, t.bytes());
                assertEquals(2, t.documents());
                Map<String, byte[]> m = members(finishAndGet(w, target));
                assertEquals(expected, new String(m.get("top/db/t.json"), StandardCharsets.UTF_8));
                assertEquals("{\"primary_key\": \"id\"}\n", new String(m.get("top/db/t.info"), StandardCharsets.UTF_8));
            }
        }
        try (ArchiveReader r = OfficialArchiveReader.open(target, ArchiveReaderOptions.defaults())) {
            List<String> docs = readAll(r).get(new TableId("db", "t"));
            assertEquals(canonical(doc), canonical(docs.get(0)));
            assertEquals("{\"id\":\"a\u00fc\uD83D\uDE00\",\"s\":\"\\u0001\\n\\t\\\"\\\\/\u007f\u2028\",\"n\":[-0.0,5e-324,"
                    + "1.7976931348623157e308,9223372036854775808,1E+2,0,-7],\"o\":{},\"a\":[],\"z\":null,\"t\":true}",
                    docs.get(0));
        }
    }

    private static Path finishAndGet(ArchiveWriter w, Path target) throws Exception {
        w.commit();
        return target;
    }

    @Test
    void unicodeAndLongNamesUsePaxHeaders() throws Exception {
        Path target = temp.resolve("names.tar.gz");
        String longTable = "t_" + "x".repeat(150);
        TableId uni = new TableId("dätä\u6f22", "tä\uD83D\uDE00ble");
        TableId lng = new TableId("db", longTable);
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(target, "rethinkdb_dump_top", wopts())) {
            for (TableId id : List.of(uni, lng)) {
                try (TableWriter t = w.openTable(id, TableInfo.parse("{\"primary_key\":\"id\"}"))) {
                    t.write(RawJson.of("{\"id\":1}"));
                    t.finish();
                }
            }
            w.commit();
        }
        Set<String> names = members(target).keySet();
        assertTrue(names.contains("rethinkdb_dump_top/dätä\u6f22/tä\uD83D\uDE00ble.json"), names.toString());
        assertTrue(names.contains("rethinkdb_dump_top/db/" + longTable + ".info"), names.toString());
        try (ArchiveReader r = OfficialArchiveReader.open(target, ArchiveReaderOptions.defaults())) {
            assertEquals(List.of(lng, uni), r.catalog().orElseThrow().stream().map(TableEntry::table).toList());
        }
        checkWithExternalTools(temp, target, 4);
        ArchiveTestSupport.Run py = run(temp, "python3", "-c",
                "import tarfile,sys\nprint(sorted(tarfile.open(sys.argv[1],'r:gz').getnames())[3].encode('unicode_escape').decode())",
                target.toString());
        if (py != null) {
            assertEquals("rethinkdb_dump_top/d\\xe4t\\xe4\\u6f22/t\\xe4\\U0001f600ble.json", py.output().trim());
        }
    }

    @Test
    void streamTargetIsReadableAsAStream() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter w = OfficialArchiveWriter.toStream(out, "top", wopts())) {
            try (TableWriter t = w.openTable(new TableId("db", "a"), TableInfo.parse("{\"primary_key\":\"k\"}"))) {
                for (int i = 0; i < 1000; i++) {
                    t.write(RawJson.of("{\"k\":" + i + "}"));
                }
                t.finish();
            }
            w.commit();
        }
        try (ArchiveReader r = OfficialArchiveReader.open(new ByteArrayInputStream(out.toByteArray()), "-",
                ArchiveReaderOptions.defaults())) {
            Map<TableId, List<String>> all = readAll(r);
            assertEquals(1000, all.get(new TableId("db", "a")).size());
            assertEquals("{\"k\":999}", all.get(new TableId("db", "a")).get(999));
        }
        Path file = temp.resolve("stream.tar.gz");
        Files.write(file, out.toByteArray());
        checkWithExternalTools(temp, file, 2);
    }
}
