package io.rethinkmigrate.archive.export;

import static io.rethinkmigrate.archive.ArchiveTestSupport.officialDump;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export writer against the official `rethinkdb export` of the fixture: the documents of the official
 * dump, exported with the fixture's options, give the official export files byte for byte.
 */
class DirectoryExportWriterTest {
    private static final TableId CUSTOMERS = new TableId("shop", "customers");
    private static final TableId ORDERS = new TableId("shop", "orders");
    private static final List<String> CSV_FIELDS = List.of("id", "name", "email", "vip", "score", "notes", "created");
    private static final Map<TableId, TableInfo> INFO = new LinkedHashMap<>();
    private static final Map<TableId, List<RawJson>> DOCS = new LinkedHashMap<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void readFixtureDump(@TempDir Path spool) throws IOException {
        try (ArchiveReader r = OfficialArchiveReader.open(officialDump(), ArchiveReaderOptions.defaults().withTempDir(spool))) {
            r.read((entry, docs) -> {
                if (!entry.table().db().equals("shop")) {
                    return;
                }
                List<RawJson> list = new ArrayList<>();
                RawJson d;
                while ((d = docs.next()) != null) {
                    list.add(RawJson.of(d.toByteArray()));
                }
                INFO.put(entry.table(), entry.info());
                DOCS.put(entry.table(), list);
            });
        }
    }

    private static Path official(String format) {
        return Fixtures.file("official/visible-official-export-" + format);
    }

    private Path export(ExportOptions options, TableId... tables) throws IOException {
        Path dir = temp.resolve("out-" + options.format().extension());
        try (DirectoryExportWriter w = DirectoryExportWriter.toDirectory(dir, options)) {
            for (TableId t : tables) {
                try (TableWriter tw = w.openTable(t, INFO.get(t))) {
                    for (RawJson d : DOCS.get(t)) {
                        tw.write(d);
                    }
                    tw.finish();
                    assertEquals(DOCS.get(t).size(), tw.documents());
                    assertEquals(Files.size(dir.resolveSibling(dir.getFileName() + ".partial").resolve(t.db())
                            .resolve(t.table() + "." + options.format().extension())), tw.bytes());
                }
            }
            assertFalse(Files.exists(dir), "not visible before commit");
            w.commit();
        }
        assertTrue(Files.isDirectory(dir));
        assertFalse(Files.exists(dir.resolveSibling(dir.getFileName() + ".partial")));
        return dir;
    }

    /** Every file of the official export directory, compared byte for byte with ours (same file set too). */
    private static void assertSameFiles(Path official, Path ours) throws IOException {
        assertEquals(relativeFiles(official), relativeFiles(ours));
        for (Path rel : relativeFiles(official)) {
            byte[] expected = Files.readAllBytes(official.resolve(rel));
            byte[] actual = Files.readAllBytes(ours.resolve(rel));
            if (rel.toString().endsWith(".info")) {
                // the official export and the official dump were two runs: only doc_count_estimates may differ
                assertEquals(withoutEstimates(expected), withoutEstimates(actual), rel.toString());
            } else {
                assertArrayEquals(expected, actual, rel + " differs from the official export");
            }
        }
    }

    private static String withoutEstimates(byte[] info) {
        return new String(info, StandardCharsets.UTF_8).replaceAll("\"doc_count_estimates\": \\[[0-9, ]*\\]", "");
    }

    private static List<Path> relativeFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    @Test
    void jsonIsTheOfficialExportByteForByte() throws IOException {
        assertSameFiles(official("json"), export(ExportOptions.json(), CUSTOMERS, ORDERS));
    }

    @Test
    void ndjsonIsTheOfficialExportByteForByte() throws IOException {
        assertSameFiles(official("ndjson"), export(ExportOptions.of(ExportFormat.NDJSON, null), CUSTOMERS, ORDERS));
    }

    @Test
    void csvIsTheOfficialExportByteForByte() throws IOException {
        assertSameFiles(official("csv"), export(ExportOptions.of(ExportFormat.CSV, CSV_FIELDS), CUSTOMERS));
    }

    @Test
    void infoIsTheDumpInfo() throws IOException {
        Path dir = export(ExportOptions.json(), CUSTOMERS);
        assertArrayEquals(OfficialArchiveWriter.infoBytes(INFO.get(CUSTOMERS)),
                Files.readAllBytes(dir.resolve("shop/customers.info")));
    }

    private static String encode(ExportOptions options, String... docs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportEncoder e = new ExportEncoder(options, out);
        for (String d : docs) {
            e.write(RawJson.of(d));
        }
        e.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void emptyTables() throws IOException {
        assertEquals("[\n]\n", encode(ExportOptions.json()));
        assertEquals("", encode(ExportOptions.of(ExportFormat.NDJSON, null)));
        assertEquals("a,b\r\n", encode(ExportOptions.of(ExportFormat.CSV, List.of("a", "b"))));
    }

    @Test
    void fieldsProjectJsonAndNdjsonInDocumentOrder() throws IOException {
        String doc = "{\"a\":1,\"b\":{\"c\":\"x\",\"d\":[1,2]},\"e\":null,\"f\":{\"g\":1}}";
        ExportOptions nd = ExportOptions.of(ExportFormat.NDJSON, List.of("e", "b.d", "a", "f.zz", "missing"));
        assertEquals("{\"a\": 1, \"b\": {\"d\": [1, 2]}, \"e\": null}\n{\"a\": 2}", encode(nd, doc, "{\"a\":2}"));
        ExportOptions json = ExportOptions.of(ExportFormat.JSON, List.of("b"));
        assertEquals("[\n{\"b\": {\"c\": \"x\", \"d\": [1, 2]}},\n{}\n]\n", encode(json, doc, "{\"a\":2}"));
        // a key that is itself dotted matches as is; the nested path matches too (JSON keeps both, CSV the key)
        assertEquals("{\"a\": {\"b\": 2}, \"a.b\": 1}",
                encode(ExportOptions.of(ExportFormat.NDJSON, List.of("a.b")), "{\"a\":{\"b\":2},\"a.b\":1}"));
        assertEquals("a.b\r\n1\r\n", encode(ExportOptions.of(ExportFormat.CSV, List.of("a.b")), "{\"a\":{\"b\":2},\"a.b\":1}"));
    }

    @Test
    void csvValuesAsPythonWritesThem() throws IOException {
        ExportOptions csv = ExportOptions.of(ExportFormat.CSV, List.of("s", "t", "f", "n", "i", "x", "o", "a", "m", "nested.k"));
        String doc = "{\"s\":\"caf\u00e9 \\\"q\\\", x\\ny\",\"t\":true,\"f\":false,\"n\":null,\"i\":-0.0,\"x\":1e-300,"
                + "\"o\":{\"\u00e9\":\"\u00fc\"},\"a\":[1,\"b\"],\"nested\":{\"k\":\"v\"}}";
        assertEquals("s,t,f,n,i,x,o,a,m,nested.k\r\n"
                + "\"caf\u00e9 \"\"q\"\", x\ny\",True,False,null,-0.0,1e-300,\"{\"\"\\u00e9\"\": \"\"\\u00fc\"\"}\","
                + "\"[1, \"\"b\"\"]\",,v\r\n", encode(csv, doc));
        ExportOptions semi = ExportOptions.of(ExportFormat.CSV, List.of("a;b", "c")).withDelimiter(';');
        assertEquals("\"a;b\";c\r\n\"x;y\";1,2\r\n", encode(semi, "{\"a;b\":\"x;y\",\"c\":\"1,2\"}"));
        // Python's csv quotes a row that would be an empty line
        assertEquals("id\r\n\"\"\r\n", encode(ExportOptions.of(ExportFormat.CSV, List.of("id")), "{\"other\":1}"));
        assertThrows(IllegalArgumentException.class, () -> ExportOptions.of(ExportFormat.CSV, null));
    }

    @Test
    void closeWithoutCommitRemovesThePartialDirectory() throws IOException {
        Path dir = temp.resolve("aborted");
        try (DirectoryExportWriter w = DirectoryExportWriter.toDirectory(dir, ExportOptions.json())) {
            TableWriter tw = w.openTable(CUSTOMERS, INFO.get(CUSTOMERS));
            tw.write(DOCS.get(CUSTOMERS).get(0));
            assertTrue(Files.isDirectory(w.partialDirectory()));
        }
        assertFalse(Files.exists(dir));
        assertFalse(Files.exists(temp.resolve("aborted.partial")));
    }

    @Test
    void anExistingDirectoryIsRefused() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("exists"));
        MigrateException e = assertThrows(MigrateException.class,
                () -> DirectoryExportWriter.toDirectory(dir, ExportOptions.json()));
        assertEquals(ErrorKind.TARGET_EXISTS, e.kind());
        assertEquals(Set.of(), Set.copyOf(relativeFiles(dir)));
    }

    @Test
    void streamTakesExactlyOneTable() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DirectoryExportWriter w = DirectoryExportWriter.toStream(out, ExportOptions.of(ExportFormat.NDJSON, null))) {
            try (TableWriter tw = w.openTable(ORDERS, INFO.get(ORDERS))) {
                for (RawJson d : DOCS.get(ORDERS)) {
                    tw.write(d);
                }
                tw.finish();
            }
            MigrateException e = assertThrows(MigrateException.class, () -> w.openTable(CUSTOMERS, INFO.get(CUSTOMERS)));
            assertEquals(ErrorKind.USAGE, e.kind());
            w.commit();
        }
        assertArrayEquals(Files.readAllBytes(official("ndjson").resolve("shop/orders.ndjson")), out.toByteArray());
    }

    @Test
    void defaultNameIsTheOfficialOne() {
        assertEquals("rethinkdb_export_2026-01-02T03:04:05",
                DirectoryExportWriter.defaultName(LocalDateTime.of(2026, 1, 2, 3, 4, 5)));
    }
}
