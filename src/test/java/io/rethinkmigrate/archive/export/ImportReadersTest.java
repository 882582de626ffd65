package io.rethinkmigrate.archive.export;

import static io.rethinkmigrate.archive.ArchiveTestSupport.officialDump;
import static io.rethinkmigrate.archive.ArchiveTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.BadDataException;
import io.rethinkmigrate.archive.json.MemberDocuments;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.Canonical;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `import` readers: export directories and single files into documents. */
class ImportReadersTest {
    private static final TableId T = new TableId("db", "t");

    @TempDir
    Path temp;

    private static Map<TableId, List<String>> dump() throws Exception {
        try (ArchiveReader r = OfficialArchiveReader.open(officialDump(), ArchiveReaderOptions.defaults())) {
            return readAll(r);
        }
    }

    private static Map<String, String> byId(List<String> docs, String key) {
        Map<String, String> out = new HashMap<>();
        for (String d : docs) {
            out.put(Json.parse(d).get(key).asText(), d);
        }
        return out;
    }

    private static Path exportDir(String format) {
        return Fixtures.file("official/visible-official-export-" + format);
    }

    @Test
    void officialJsonAndNdjsonExportsReadAsTheDumpsDocuments() throws Exception {
        Map<TableId, List<String>> dump = dump();
        for (String format : List.of("json", "ndjson")) {
            try (DirectoryImportReader r = DirectoryImportReader.open(exportDir(format), ImportSettings.defaults())) {
                List<TableEntry> catalog = r.catalog().orElseThrow();
                assertEquals(List.of("shop.customers", "shop.orders"),
                        catalog.stream().map(e -> e.table().toString()).toList(), format);
                assertEquals("order_no", catalog.get(1).info().primaryKey());
                assertFalse(catalog.get(0).info().indexes().isEmpty());
                Map<TableId, List<String>> read = readAll(r);
                for (TableId table : read.keySet()) {
                    String pk = table.table().equals("orders") ? "order_no" : "id";
                    Map<String, String> expected = byId(dump.get(table), pk);
                    Map<String, String> actual = byId(read.get(table), pk);
                    assertEquals(expected.size(), actual.size(), format + " " + table);
                    for (Map.Entry<String, String> e : expected.entrySet()) {
                        assertEquals(Canonical.canonical(e.getValue()), Canonical.canonical(actual.get(e.getKey())),
                                format + " " + table + " " + e.getKey());
                    }
                }
            }
        }
    }

    @Test
    void officialCsvExportWithTypesMatchesTheDumpOnItsColumns() throws Exception {
        Map<String, String> expected = byId(dump().get(new TableId("shop", "customers")), "id");
        ImportSettings typed = ImportSettings.defaults().withTypes(CsvTypes.parse("vip:boolean,score:number,notes:infer,created:time"));
        List<String> docs;
        try (DirectoryImportReader r = DirectoryImportReader.open(exportDir("csv"), typed)) {
            docs = readAll(r).get(new TableId("shop", "customers"));
        }
        assertEquals(expected.size(), docs.size());
        for (String d : docs) {
            JsonNode doc = Json.parse(d);
            JsonNode want = Json.parse(expected.get(doc.get("id").asText()));
            for (String column : List.of("id", "name", "email", "vip", "score", "notes", "created")) {
                if (!doc.has(column)) {
                    // an empty cell is no field: only for an empty string (or a missing field) in the source
                    assertTrue(!want.has(column) || want.get(column).asText().isEmpty(), column + " of " + d);
                    continue;
                }
                assertEquals(Canonical.canonical(Json.write(want.get(column))), Canonical.canonical(Json.write(doc.get(column))),
                        column + " of " + doc.get("id"));
            }
        }
        // without --types, every cell is a string, as the official importer makes them
        try (DirectoryImportReader r = DirectoryImportReader.open(exportDir("csv"), ImportSettings.defaults())) {
            String first = readAll(r).get(new TableId("shop", "customers")).get(0);
            JsonNode doc = Json.parse(first);
            doc.fields().forEachRemaining(f -> assertTrue(f.getValue().isTextual(), f.getKey() + " in " + first));
            assertEquals("False", doc.get("vip").asText());
        }
    }

    private List<String> csv(String text, ImportSettings settings) throws Exception {
        Path f = temp.resolve("in.csv");
        Files.writeString(f, text);
        try (FileImportReader r = FileImportReader.open(f, T, null, settings)) {
            return readAll(r).get(T);
        }
    }

    @Test
    void dottedNamesBuildNestedObjectsAndEmptyCellsAreNoField() throws Exception {
        List<String> docs = csv("id,address.city,address.geo.lat,name\n1,Berlin,52.5,\n2,,,Bob\n",
                ImportSettings.defaults().withTypes(CsvTypes.parse("id:number,address.geo.lat:number")));
        assertEquals(List.of("{\"id\":1,\"address\":{\"city\":\"Berlin\",\"geo\":{\"lat\":52.5}}}",
                "{\"id\":2,\"name\":\"Bob\"}"), docs);
    }

    @Test
    void customHeaderDelimiterAndFields() throws Exception {
        ImportSettings s = new ImportSettings(';', true, List.of("id", "a", "b"), CsvTypes.infer(), List.of("id", "b"),
                ImportSettings.DEFAULT_MAX_DOCUMENT_SIZE, ImportSettings.DEFAULT_MAX_NESTING_DEPTH, 0, "id", w -> { });
        assertEquals(List.of("{\"id\":1,\"b\":true}", "{\"id\":2,\"b\":\"x;y\"}"), csv("1;a;true\n2;b;\"x;y\"\n", s));
    }

    @Test
    void badRowFailsTheTableNamingFileAndLine() {
        BadDataException e = assertThrows(BadDataException.class,
                () -> csv("id,n\n1,2\n2,3,4\n3,4\n", ImportSettings.defaults()));
        assertTrue(e.getMessage().contains("in.csv line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("3 columns"), e.getMessage());
        BadDataException typed = assertThrows(BadDataException.class,
                () -> csv("id,n\n1,2\n2,x\n", ImportSettings.defaults().withTypes(CsvTypes.parse("n:number"))));
        assertTrue(typed.getMessage().contains("in.csv line 3: field `n`: `x` is not a number"), typed.getMessage());
    }

    @Test
    void maxErrorsSkipsBadRowsWithWarnings() throws Exception {
        List<String> warnings = new ArrayList<>();
        ImportSettings s = ImportSettings.defaults().withTypes(CsvTypes.parse("n:number")).withMaxErrors(2)
                .withWarnings(warnings::add);
        assertEquals(List.of("{\"id\":\"1\",\"n\":2}", "{\"id\":\"4\",\"n\":5}"),
                csv("id,n\n1,2\n2,x\n3,4,5\n4,5\n", s));
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).contains("in.csv line 3"), warnings.get(0));
        assertTrue(warnings.get(1).contains("in.csv line 4"), warnings.get(1));
        BadDataException e = assertThrows(BadDataException.class, () -> csv("id,n\n1,x\n2,y\n3,z\n", s));
        assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("--max-errors 2"), e.getMessage());
    }

    @Test
    void documentLimitsAreBadRows() throws Exception {
        Path f = temp.resolve("in.json");
        Files.writeString(f, "{\"id\":1}\n{\"id\":2,\"a\":{\"b\":{\"c\":1}}}\n{\"id\":3,\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxx\"}\n");
        List<String> warnings = new ArrayList<>();
        ImportSettings s = new ImportSettings(',', false, null, CsvTypes.strings(), null, 30, 2, 5, null, warnings::add);
        try (FileImportReader r = FileImportReader.open(f, T, null, s)) {
            assertEquals(List.of("{\"id\":1}"), readAll(r).get(T));
        }
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).contains("in.json line 2") && warnings.get(0).contains("--max-nesting-depth 2"), warnings.get(0));
        assertTrue(warnings.get(1).contains("line 3") && warnings.get(1).contains("--max-document-size 30"), warnings.get(1));
    }

    @Test
    void invalidJsonFailsTheTableNamingFileAndLine() throws Exception {
        Path f = temp.resolve("bad.json");
        Files.writeString(f, "[{\"id\":1},\n{\"id\":2,}]");
        try (FileImportReader r = FileImportReader.open(f, T, null, ImportSettings.defaults())) {
            BadDataException e = assertThrows(BadDataException.class, () -> readAll(r));
            assertTrue(e.getMessage().contains("bad.json line 2"), e.getMessage());
        }
    }

    @Test
    void streamWithFormatAndPrimaryKey() throws Exception {
        ImportSettings s = new ImportSettings(',', false, null, CsvTypes.strings(), null,
                ImportSettings.DEFAULT_MAX_DOCUMENT_SIZE, ImportSettings.DEFAULT_MAX_NESTING_DEPTH, 0, "k", w -> { });
        try (FileImportReader r = FileImportReader.open(
                new ByteArrayInputStream("{\"k\":1}{\"k\":2}".getBytes(StandardCharsets.UTF_8)), "stdin", T,
                ImportFormat.NDJSON, s)) {
            assertEquals("k", r.catalog().orElseThrow().get(0).info().primaryKey());
            assertEquals(List.of("{\"k\":1}", "{\"k\":2}"), readAll(r).get(T));
        }
    }

    @Test
    void anEmptyOrBlankImportFileIsAnEmptyTableButBlanksInAnArchiveMemberAreBadData() throws Exception {
        for (String content : List.of("", " \n\t\n")) {
            for (ImportFormat format : List.of(ImportFormat.JSON, ImportFormat.NDJSON)) {
                try (FileImportReader r = FileImportReader.open(
                        new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "stdin", T, format,
                        ImportSettings.defaults())) {
                    Map<TableId, List<String>> read = readAll(r);
                    assertEquals(List.of(), read.getOrDefault(T, List.of()), format + " '" + content + "'");
                }
            }
        }
        MemberDocuments member = new MemberDocuments(new ByteArrayInputStream(" \n".getBytes(StandardCharsets.UTF_8)),
                "x.tar.gz: db/t.json", io -> new ArchiveException("read failed", io));
        ArchiveException e = assertThrows(ArchiveException.class, member::next);
        assertEquals(io.rethinkmigrate.error.ErrorKind.ARCHIVE_BAD_DATA, e.kind());
        assertTrue(e.getMessage().startsWith("x.tar.gz: db/t.json line "), e.getMessage());
        assertTrue(e.getMessage().contains("empty data member"), e.getMessage());
    }

    @Test
    void directoryWithoutInfoUsesThePrimaryKeyOption() throws Exception {
        Files.createDirectories(temp.resolve("d/db1"));
        Files.writeString(temp.resolve("d/db1/a.csv"), "id,x\n1,2\n");
        Files.writeString(temp.resolve("d/db1/b.ndjson"), "{\"id\":1}\n");
        Files.writeString(temp.resolve("d/db1/notes.txt"), "ignored");
        try (DirectoryImportReader r = DirectoryImportReader.open(temp.resolve("d"), ImportSettings.defaults())) {
            List<TableEntry> cat = r.catalog().orElseThrow();
            assertEquals(List.of("db1.a", "db1.b"), cat.stream().map(e -> e.table().toString()).toList());
            assertEquals("id", cat.get(0).info().primaryKey());
            assertTrue(cat.get(0).info().indexes().isEmpty());
            assertEquals(List.of("{\"id\":\"1\",\"x\":\"2\"}"), readAll(r).get(new TableId("db1", "a")));
        }
        Files.writeString(temp.resolve("d/db1/a.json"), "[]");
        assertThrows(ArchiveException.class,
                () -> DirectoryImportReader.open(temp.resolve("d"), ImportSettings.defaults()).catalog());
    }
}
