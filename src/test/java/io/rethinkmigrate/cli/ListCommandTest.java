package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.engine.verify.TestArchive;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `list` on the official fixture and on archives with our manifest and `.config` members. */
class ListCommandTest {
    @TempDir
    Path dir;

    @Test
    void officialArchiveEveryTableWithItsExactCountAndIndexes() {
        InProcessCli.Outcome o = InProcessCli.run(Map.of(), "list", "--format", "json", Fixtures.officialDump().toString());
        assertEquals(0, o.code(), o.err());
        JsonNode root = Json.parse(o.out());
        assertEquals("official or unknown", root.get("written_by").asText());
        assertTrue(root.get("tool_version").isNull());
        assertEquals(List.of("edge", "shop"), texts(root.get("databases")));
        Map<String, JsonNode> tables = new TreeMap<>();
        root.get("tables").forEach(t -> tables.put(t.get("db").asText() + "." + t.get("table").asText(), t));
        assertEquals(List.of("edge.pk_types", "edge.weird", "shop.customers", "shop.empty_table", "shop.orders"),
                new ArrayList<>(tables.keySet()));
        // counts from the fixture's README and a count with Python's json module
        Map<String, Long> counts = Map.of("edge.pk_types", 12L, "edge.weird", 10L, "shop.customers", 500L,
                "shop.empty_table", 0L, "shop.orders", 3000L);
        counts.forEach((table, n) -> {
            assertEquals(n, tables.get(table).get("documents").asLong(), table);
            assertEquals("counted", tables.get(table).get("documents_from").asText(), table);
        });
        assertEquals(List.of("city_zip", "email", "location", "name_lower", "tags"), indexNames(tables.get("shop.customers")));
        assertEquals(List.of("customer_id", "item_skus", "placed_at"), indexNames(tables.get("shop.orders")));
        assertEquals(List.of("x"), indexNames(tables.get("shop.empty_table")));
        assertEquals(List.of(), indexNames(tables.get("edge.weird")));
        assertTrue(tables.get("shop.customers").get("indexes").get(4).get("multi").asBoolean(), "tags is multi");
        assertTrue(tables.get("shop.customers").get("indexes").get(2).get("geo").asBoolean(), "location is geo");
        assertTrue(tables.get("shop.customers").get("write_hook").asBoolean());
        assertEquals("order_no", tables.get("shop.orders").get("primary_key").asText());
        assertEquals(303587, tables.get("shop.customers").get("bytes").asLong(), "the .json member's size");
        assertTrue(tables.get("shop.customers").get("settings").isNull(), "official archives have no settings");
    }

    @Test
    void officialArchiveAsATable() {
        InProcessCli.Outcome o = InProcessCli.run(Map.of(), "list", Fixtures.officialDump().toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Written by: the official tool or unknown (no manifest)"), o.out());
        assertTrue(o.out().contains("Databases: edge, shop"), o.out());
        String orders = line(o.out(), "shop.orders ");
        assertTrue(orders.contains("3000 (counted)") && orders.contains("order_no")
                && orders.contains("customer_id, item_skus (multi), placed_at"), orders);
        String customers = line(o.out(), "shop.customers ");
        assertTrue(customers.contains("500 (counted)") && customers.contains(" yes ")
                && customers.contains("location (geo)"), customers);
    }

    @Test
    void ourArchiveWithManifestAndConfigMembers() throws Exception {
        String manifest = "{\"format\": \"rethink-migrate/1\", \"tool_version\": \"0.2.0\", \"server_version\": \"2.4.4\", "
                + "\"created\": \"2026-01-01T00:00:00Z\", \"databases\": [\"app\", \"emptydb\"], \"tables\": ["
                + "{\"db\": \"app\", \"table\": \"people\", \"documents\": 3, \"member\": \"" + TestArchive.TOP
                + "/app/people.json\", \"bytes\": 40, \"sha256\": \"00\"}]}";
        Path archive = new TestArchive()
                .table("app", "people", TestArchive.info("id", "[" + TestArchive.index("age", "AAAA", "q", false, false) + "]", null),
                        List.of("{\"id\": 1}", "{\"id\": 2}", "{\"id\": 3}"))
                .member("app/people.config", TestArchive.config("id", 2, 3, "single", "soft"))
                .table("app", "notes", TestArchive.info("k", "[]", null), List.of("{\"k\": 1}", "{\"k\": 2}"))
                .member("manifest.config", manifest)
                .write(dir.resolve("ours.tar.gz"));
        InProcessCli.Outcome o = InProcessCli.run(Map.of(), "list", "--format", "json", archive.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode root = Json.parse(o.out());
        assertEquals("rethink-migrate", root.get("written_by").asText());
        assertEquals("0.2.0", root.get("tool_version").asText());
        assertEquals("2.4.4", root.get("server_version").asText());
        assertEquals("rethink-migrate/1", root.get("format").asText());
        assertEquals(List.of("app", "emptydb"), texts(root.get("databases")));
        JsonNode notes = root.get("tables").get(0);
        JsonNode people = root.get("tables").get(1);
        assertEquals("notes", notes.get("table").asText());
        assertEquals(2, notes.get("documents").asLong());
        assertEquals("counted", notes.get("documents_from").asText(), "not in the manifest: counted");
        assertEquals(3, people.get("documents").asLong());
        assertEquals("manifest", people.get("documents_from").asText());
        assertEquals(2, people.get("settings").get("shards").asInt());
        assertEquals(3, people.get("settings").get("replicas").asInt());
        assertEquals("single", people.get("settings").get("write_acks").asText());
        assertEquals("soft", people.get("settings").get("durability").asText());

        InProcessCli.Outcome text = InProcessCli.run(Map.of(), "list", archive.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Written by: rethink-migrate 0.2.0 (format rethink-migrate/1), server 2.4.4"), text.out());
        assertTrue(text.out().contains("Databases: app, emptydb (no tables)"), text.out());
        assertTrue(line(text.out(), "app.people ").contains("3 (manifest)"), text.out());
        assertTrue(line(text.out(), "app.people ").contains("shards=2 replicas=3 write_acks=single durability=soft"), text.out());
        assertTrue(line(text.out(), "app.notes ").contains("2 (counted)"), text.out());
    }

    @Test
    void badArchivesAndOptionsAreOneLineErrorsWithTheirExitCodes() throws Exception {
        InProcessCli.Outcome missing = InProcessCli.run(Map.of(), "list", dir.resolve("nope.tar.gz").toString());
        assertEquals(ExitCode.USAGE.code(), missing.code());
        assertTrue(missing.err().contains("nope.tar.gz: no such file"), missing.err());

        Path notGzip = java.nio.file.Files.writeString(dir.resolve("x.tar.gz"), "hello");
        InProcessCli.Outcome bad = InProcessCli.run(Map.of(), "list", notGzip.toString());
        assertEquals(ExitCode.ARCHIVE.code(), bad.code(), bad.err());
        assertTrue(bad.err().contains("x.tar.gz"), bad.err());

        Path badJson = new TestArchive().table("a", "b", TestArchive.info("id", "[]", null), List.of("{\"id\": 1", "x"))
                .write(dir.resolve("badjson.tar.gz"));
        InProcessCli.Outcome data = InProcessCli.run(Map.of(), "list", badJson.toString());
        assertTrue(data.code() != 0, data.err());
        assertTrue(data.err().contains("a/b.json"), data.err());

        InProcessCli.Outcome format = InProcessCli.run(Map.of(), "list", "--format", "xml", Fixtures.officialDump().toString());
        assertEquals(ExitCode.USAGE.code(), format.code());
        assertTrue(format.err().contains("--format xml"), format.err());
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + " in\n" + out));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> indexNames(JsonNode table) {
        List<String> out = new ArrayList<>();
        table.get("indexes").forEach(i -> out.add(i.get("name").asText()));
        return out;
    }
}
