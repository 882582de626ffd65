package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.SampleDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `export` through the real command line against a live server, checked with the official JS driver. */
class ExportIT {
    @RegisterExtension
    final SampleDatabase sample = SampleDatabase.sample("rm_export", DOCS);

    private static final int DOCS = 300;

    @TempDir
    Path dir;

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private List<String> jsDocs(String table) {
        return sorted(sample.documents(sample.db(), table));
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }

    /** The documents of a JSON array file with one document per line, or of an NDJSON file. */
    private static List<String> documents(Path file, boolean array) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<String> docs = new ArrayList<>();
        if (array) {
            JsonNode all = Json.parse(text);
            assertTrue(all.isArray(), file + " is a JSON array");
            assertTrue(text.startsWith("[\n") && text.endsWith("\n]\n"), file + " has the official layout");
        }
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.equals("[") || line.equals("]")) {
                continue;
            }
            docs.add(line.endsWith(",") ? line.substring(0, line.length() - 1) : line);
        }
        return docs;
    }

    @Test
    void jsonAndNdjsonHoldTheDriversDocuments() throws IOException {
        for (String format : List.of("json", "ndjson")) {
            Path out = dir.resolve("export-" + format);
            CliResult r = sample.cli("export", "-e", sample.db(), "--format", format, "-d", out.toString(), "--clients", "2");
            assertEquals(0, r.exitCode(), r.describe());
            assertFalse(Files.exists(dir.resolve("export-" + format + ".partial")));
            List<String> expected = new ArrayList<>();
            for (String t : SampleDatabase.SAMPLE_TABLES) {
                expected.add(sample.db() + "/" + t + "." + format);
                expected.add(sample.db() + "/" + t + ".info");
            }
            assertEquals(sorted(expected), files(out));
            for (String t : SampleDatabase.SAMPLE_TABLES) {
                List<String> docs = documents(out.resolve(sample.db()).resolve(t + "." + format), format.equals("json"));
                assertEquals(jsDocs(t), sorted(Canonical.canonicalForJsAll(docs)), format + " " + t);
                JsonNode info = Json.parse(Files.readString(out.resolve(sample.db()).resolve(t + ".info")));
                assertEquals(t.equals("orders") ? "order_no" : "id", info.get("primary_key").asText());
            }
            assertEquals(DOCS, documents(out.resolve(sample.db()).resolve("people." + format), format.equals("json")).size());
            assertEquals("", Files.readString(out.resolve(sample.db()).resolve("empty." + format)).replace("[\n]\n", ""));
        }
    }

    @Test
    void csvWithFieldsAndDelimiter() throws IOException {
        Path out = dir.resolve("export-csv");
        CliResult r = sample.cli("export", "-e", sample.db() + ".people", "--format", "csv", "--fields", "id,vip,notes,address.city,age",
                "--delimiter", ";", "-d", out.toString());
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(List.of(sample.db() + "/people.csv", sample.db() + "/people.info"), files(out));
        List<List<String>> rows = parseCsv(Files.readString(out.resolve(sample.db()).resolve("people.csv"), StandardCharsets.UTF_8), ';');
        assertEquals(List.of("id", "vip", "notes", "address.city", "age"), rows.get(0));
        List<JsonNode> docs = sample.js().dump(sample.db(), "people").stream().map(Json::parse).toList();
        assertEquals(docs.size() + 1, rows.size());
        // rows come in the server's order (a real server's is not the primary key's): matched by id
        Map<String, List<String>> rowsById = new HashMap<>();
        rows.subList(1, rows.size()).forEach(row -> rowsById.put(row.get(0), row));
        assertEquals(docs.size(), rowsById.size(), "one row per document");
        for (JsonNode d : docs) {
            List<String> row = rowsById.get(d.get("id").asText());
            assertEquals(d.get("id").asText(), row.get(0));
            assertEquals(d.get("vip").asBoolean() ? "True" : "False", row.get(1));
            assertEquals(d.get("notes").isNull() ? "null" : d.get("notes").asText(), row.get(2));
            assertEquals(d.get("address").get("city").asText(), row.get(3));
            assertEquals(d.get("age").asText(), row.get(4));
        }
    }

    @Test
    void oneTableToStdoutAndTheErrors() throws IOException {
        CliResult r = sample.cli("export", "-e", sample.db() + ".orders", "--format", "ndjson", "-d", "-", "-q");
        assertEquals(0, r.exitCode(), r.describe());
        List<String> lines = List.of(r.stdout().split("\n"));
        assertEquals(jsDocs("orders"), sorted(Canonical.canonicalForJsAll(lines)));
        assertEquals((DOCS + 1) / 2, lines.size());

        CliResult many = sample.cli("export", "-e", sample.db(), "-d", "-");
        assertEquals(2, many.exitCode(), many.describe());
        assertEquals("", many.stdout());
        assertTrue(many.stderr().contains("exactly one"), many.describe());

        CliResult noFields = sample.cli("export", "-e", sample.db() + ".people", "--format", "csv", "-d", dir.resolve("x").toString());
        assertEquals(2, noFields.exitCode(), noFields.describe());
        assertFalse(Files.exists(dir.resolve("x")));

        Path existing = Files.createDirectory(dir.resolve("existing"));
        CliResult exists = sample.cli("export", "-e", sample.db(), "-d", existing.toString());
        assertTrue(exists.exitCode() != 0, exists.describe());
        assertTrue(exists.stderr().contains("already exists"), exists.describe());
        assertEquals(List.of(), files(existing));
    }

    /** RFC 4180 rows (quoted fields may hold delimiters, quotes and line breaks), lines ending in CRLF. */
    private static List<List<String>> parseCsv(String text, char delimiter) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertTrue(row.isEmpty() && field.length() == 0, "the CSV ends with a line break");
        return rows;
    }
}
