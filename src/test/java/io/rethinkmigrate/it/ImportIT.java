package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.SampleDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `import` of the official export directories, a typed CSV file and stdin, checked with the JS driver. */
class ImportIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.none("rm_imp");

    @TempDir
    Path dir;

    /** The official export directory with its database `shop` renamed to {@code db}. */
    private Path exportAs(String format, String db) throws IOException {
        Path source = Fixtures.file("official/visible-official-export-" + format + "/shop");
        Path target = Files.createDirectories(dir.resolve(format).resolve(db));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName().toString()));
            }
        }
        return dir.resolve(format);
    }

    private static List<String> sorted(List<String> docs) {
        return docs.stream().sorted().toList();
    }

    @Test
    void officialJsonAndNdjsonExportsImportAsTheDumpsDocuments() throws Exception {
        ArchiveContents fixture = ArchiveContents.read(Fixtures.officialDump());
        for (String format : List.of("json", "ndjson")) {
            String db = sample.newDb("rm_imp_" + format);
            CliResult r = sample.cli("import", "-d", exportAs(format, db).toString());
            if (sample.server().isReqlite()) {
                // reqlite cannot build indexes from a real server's blobs nor hold write hooks: the data
                // must still come in whole, and the lost parts be named
                assertEquals(7, r.exitCode(), r.describe());
                assertTrue(r.stderr().contains("write hook of " + db + ".customers was not restored"), r.describe());
            } else {
                assertEquals(0, r.exitCode(), r.describe());
                assertTrue(r.stderr().contains("Import complete"), r.describe());
                assertEquals(List.of("customer_id", "item_skus", "placed_at"),
                        sample.js().indexes(db, "orders").stream().sorted().toList());
            }
            assertTrue(r.stderr().matches("(?s).*" + db + "\\.orders\\s+\\S+\\s+3000\\s.*"), r.describe());
            for (String table : List.of("customers", "orders")) {
                assertEquals(sorted(Canonical.canonicalForJsAll(fixture.documents().get(new TableId("shop", table)))),
                        sorted(sample.documents(db, table)), format + " " + table);
            }
            CliResult again = sample.cli("import", "-d", dir.resolve(format).toString());
            assertEquals(6, again.exitCode(), "tables exist without --force: " + again.describe());
        }
    }

    @Test
    void typedCsvFileIntoANewTableWithItsPrimaryKey() throws Exception {
        String db = sample.newDb("rm_imp_csv");
        Path csv = dir.resolve("people.csv");
        Files.writeString(csv, "code,name,age,vip,born,meta,address.city\n"
                + "a1,Ann,42,true,2024-05-01T12:30:00.5+02:00,\"{\"\"tags\"\": [1, 2]}\",Berlin\n"
                + "b2,\"Bob, Jr.\",7,False,1970-01-01T00:00:00Z,null,\n"
                + "c3,Bad,notanumber,true,1970-01-01T00:00:00Z,null,Paris\n");
        CliResult r = sample.cli("import", "-f", csv.toString(), "--table", db + ".people", "--pkey", "code",
                "--types", "age:number,vip:boolean,born:time,meta:json", "--max-errors", "1");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("people.csv line 4"), "the skipped row is reported: " + r.describe());
        List<String> docs = sorted(sample.documents(db, "people"));
        assertEquals(2, docs.size(), docs.toString());
        JsonNode ann = Json.parse(docs.get(0));
        assertEquals("a1", ann.get("code").asText());
        assertFalse(ann.has("id"), "the primary key is `code`, so the server added no id: " + ann);
        assertEquals(42, ann.get("age").asInt());
        assertTrue(ann.get("vip").isBoolean() && ann.get("vip").asBoolean());
        assertEquals("TIME", ann.get("born").get("$reql_type$").asText());
        assertEquals(1714559400.5, ann.get("born").get("epoch_time").asDouble());
        assertEquals("+02:00", ann.get("born").get("timezone").asText());
        assertEquals(2, ann.get("meta").get("tags").size());
        assertEquals("Berlin", ann.get("address").get("city").asText());
        JsonNode bob = Json.parse(docs.get(1));
        assertEquals("Bob, Jr.", bob.get("name").asText());
        assertFalse(bob.get("vip").asBoolean());
        assertTrue(bob.get("meta").isNull());
        assertFalse(bob.has("address"), "an empty cell is no field");

        CliResult failing = sample.cli("import", "-f", csv.toString(), "--table", db + ".strict", "--types", "age:number");
        assertEquals(7, failing.exitCode(), "the table fails: " + failing.describe());
        assertTrue(failing.stderr().contains("people.csv line 4: field `age`"), failing.describe());
    }

    @Test
    void stdinWithFormat() {
        String db = sample.newDb("rm_imp_stdin");
        CliResult r = sample.cli(new CliRunner().stdin("{\"id\":1,\"x\":\"a\"}\n{\"id\":2,\"x\":[1,2]}\n"),
                "import", "-f", "-", "--format", "ndjson", "--table", db + ".t", "-q");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(List.of("{\"id\":1,\"x\":\"a\"}", "{\"id\":2,\"x\":[1,2]}"),
                sorted(sample.documents(db, "t")));
    }
}
