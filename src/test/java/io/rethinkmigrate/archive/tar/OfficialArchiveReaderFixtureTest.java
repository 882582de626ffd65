package io.rethinkmigrate.archive.tar;

import static io.rethinkmigrate.archive.ArchiveTestSupport.listFiles;
import static io.rethinkmigrate.archive.ArchiveTestSupport.officialDump;
import static io.rethinkmigrate.archive.ArchiveTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the official archive made by `rethinkdb dump` on a real server. */
class OfficialArchiveReaderFixtureTest {
    @TempDir
    Path temp;

    private ArchiveReaderOptions opts() {
        return ArchiveReaderOptions.defaults().withTempDir(temp);
    }

    @Test
    void catalogListsEveryTableWithItsMetadata() throws Exception {
        try (ArchiveReader r = OfficialArchiveReader.open(officialDump(), opts())) {
            List<TableEntry> cat = r.catalog().orElseThrow();
            List<String> names = cat.stream().map(e -> e.table().toString()).toList();
            assertEquals(List.of("edge.pk_types", "edge.weird", "shop.customers", "shop.empty_table", "shop.orders"),
                    names);
            Map<String, TableInfo> info = new java.util.HashMap<>();
            cat.forEach(e -> info.put(e.table().toString(), e.info()));
            assertEquals("order_no", info.get("shop.orders").primaryKey());
            assertEquals("id", info.get("shop.customers").primaryKey());
            assertEquals("id", info.get("edge.weird").primaryKey());
            assertEquals(List.of("city_zip", "email", "location", "name_lower", "tags"), indexNames(info.get("shop.customers")));
            assertEquals(List.of("customer_id", "item_skus", "placed_at"), indexNames(info.get("shop.orders")));
            assertEquals(List.of("x"), indexNames(info.get("shop.empty_table")));
            assertEquals(List.of(), indexNames(info.get("edge.weird")));
            assertTrue(info.get("shop.customers").indexes().stream().allMatch(IndexSpec::hasFunctionBlob));
            assertTrue(info.get("shop.customers").indexes().stream().anyMatch(i -> i.name().equals("tags") && i.multi()));
            assertTrue(info.get("shop.customers").indexes().stream().anyMatch(i -> i.name().equals("location") && i.geo()));
            assertNotNull(info.get("shop.customers").writeHook());
            assertNull(info.get("shop.orders").writeHook());
            assertNull(info.get("edge.weird").writeHook());
            assertEquals(2959, info.get("shop.orders").estimatedDocuments());
        }
    }

    @Test
    void documentCountsAndContentInFileMode() throws Exception {
        try (ArchiveReader r = OfficialArchiveReader.open(officialDump(), opts())) {
            Map<TableId, List<String>> all = readAll(r);
            assertEquals(500, all.get(new TableId("shop", "customers")).size());
            assertEquals(3000, all.get(new TableId("shop", "orders")).size());
            assertEquals(0, all.get(new TableId("shop", "empty_table")).size());
            assertEquals(12, all.get(new TableId("edge", "pk_types")).size());
            assertEquals(10, all.get(new TableId("edge", "weird")).size());
            assertEquals(5, all.size());
            // compact, raw UTF-8, exact numbers
            List<String> pk = all.get(new TableId("edge", "pk_types"));
            assertEquals("{\"id\":[1,\"a\",[2]]}", pk.get(0));
            assertEquals("{\"id\":\"\u00fc\uD83D\uDE00\"}", pk.get(11));
            String weird = String.join("\n", all.get(new TableId("edge", "weird")));
            for (String n : List.of("-0.0", "5e-324", "1.7976931348623157e+308", "9.223372036854776e+18", "0.30000000000000004", "1e-300")) {
                assertTrue(weird.contains(n), "exact number text " + n);
            }
            assertEquals(0, listFiles(temp).size(), "file mode spools nothing");
        }
    }

    @Test
    void streamModeGivesTheSameDocumentsAndCleansItsSpools() throws Exception {
        Map<TableId, List<String>> fromFile;
        try (ArchiveReader r = OfficialArchiveReader.open(officialDump(), opts())) {
            fromFile = readAll(r);
        }
        try (InputStream in = Files.newInputStream(officialDump());
                ArchiveReader r = OfficialArchiveReader.open(in, "-", opts())) {
            assertTrue(r.catalog().isEmpty());
            List<String> order = new ArrayList<>();
            Map<TableId, List<String>> fromStream = new java.util.TreeMap<>();
            List<Integer> spoolsAtVisit = new ArrayList<>();
            r.read((entry, docs) -> {
                order.add(entry.table().toString());
                spoolsAtVisit.add(listFiles(temp).size());
                List<String> list = new ArrayList<>();
                RawJson d;
                while ((d = docs.next()) != null) {
                    list.add(d.toString());
                }
                fromStream.put(entry.table(), list);
            });
            assertEquals(fromFile, fromStream);
            // archive order: pk_types.json, weird.json, weird.info, pk_types.info, customers.json, customers.info,
            // orders.json, empty_table.info, empty_table.json, orders.info: data before metadata is spooled
            assertEquals(List.of("edge.weird", "edge.pk_types", "shop.customers", "shop.empty_table", "shop.orders"), order);
            assertEquals(List.of(2, 1, 1, 1, 1), spoolsAtVisit, "spools alive while each table is visited");
        }
        assertEquals(0, listFiles(temp).size(), "spools deleted");
    }

    @Test
    void everyDocumentIsValidCompactJsonWithRawUtf8() throws Exception {
        java.util.regex.Pattern nonControlEscape = java.util.regex.Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\u(?!00[01][0-9a-fA-F])");
        try (ArchiveReader r = OfficialArchiveReader.open(officialDump(), opts())) {
            r.read((entry, docs) -> {
                RawJson d;
                while ((d = docs.next()) != null) {
                    assertTrue(Json.parse(d).isObject());
                    String text = d.toString();
                    java.util.regex.Matcher m = nonControlEscape.matcher(text);
                    if (m.find()) {
                        org.junit.jupiter.api.Assertions.fail("only control characters stay escaped: "
                                + text.substring(Math.max(0, m.start() - 20), Math.min(text.length(), m.end() + 20)));
                    }
                    assertFalse(text.contains("\n, "), "compact");
                }
            });
        }
    }

    @Test
    void visitorMaySkipDocuments() throws Exception {
        try (ArchiveReader r = OfficialArchiveReader.open(officialDump(), opts())) {
            List<String> firsts = new ArrayList<>();
            r.read((entry, docs) -> {
                RawJson d = docs.next();
                firsts.add(entry.table() + "=" + (d == null ? "none" : Json.parse(d).fieldNames().next()));
            });
            assertEquals(5, firsts.size());
            assertTrue(firsts.contains("shop.empty_table=none"));
            assertTrue(firsts.contains("shop.orders=customer_id"));
        }
        try (InputStream in = Files.newInputStream(officialDump());
                ArchiveReader r = OfficialArchiveReader.open(in, "-", opts())) {
            List<String> seen = new ArrayList<>();
            r.read((entry, docs) -> seen.add(entry.table().toString()));
            assertEquals(5, seen.size());
        }
        assertEquals(0, listFiles(temp).size());
    }

    private static List<String> indexNames(TableInfo info) {
        return info.indexes().stream().map(IndexSpec::name).sorted().toList();
    }
}
