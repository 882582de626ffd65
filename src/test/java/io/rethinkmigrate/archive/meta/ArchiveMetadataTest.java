package io.rethinkmigrate.archive.meta;

import static io.rethinkmigrate.archive.ArchiveTestSupport.members;
import static io.rethinkmigrate.archive.ArchiveTestSupport.officialDump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.ArchiveTestSupport;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.Fixtures;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our metadata members beside the official ones, written from the real server's recorded answers
 * (table.config() of shop.orders: 2 shards, write_acks single, durability soft; of shop.customers: a
 * write hook; db.config() of shop and of the empty emptydb; users alice and bob with their permissions;
 * the heartbeat), read back from a file and from a stream, checked by an independent tar reader against
 * the official restore's member rules, and checked against the manifest's checksums and counts.
 */
class ArchiveMetadataTest {
    private static final String TOP = "rethinkdb_dump_meta";
    private static final TableId CUSTOMERS = new TableId("shop", "customers");
    private static final TableId ORDERS = new TableId("shop", "orders");

    private static final Map<TableId, TableInfo> infos = new TreeMap<>();
    private static final Map<TableId, List<String>> documents = new TreeMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void readFixture() throws Exception {
        ArchiveContents fixture = ArchiveContents.read(officialDump());
        infos.putAll(fixture.infos());
        documents.putAll(fixture.documents());
    }

    private static JsonNode recorded(String name) {
        return Fixtures.answer(name).get("frames").get(0).get("r").get(0);
    }

    /** The rows of a recorded system-table read (a SUCCESS_SEQUENCE: every value of `r`). */
    private static JsonNode recordedRows(String name) {
        return Fixtures.answer(name).get("frames").get(0).get("r");
    }

    static ObjectNode cluster() {
        ObjectNode c = Json.mapper().createObjectNode();
        c.set("users", recordedRows("rethinkdb.users"));
        c.set("permissions", recordedRows("rethinkdb.permissions"));
        c.set("cluster_config", recordedRows("rethinkdb.cluster_config"));
        c.put("note", "password hashes cannot be read from a server");
        return c;
    }

    static TableSettings settings(TableId id) {
        TableInfo info = infos.get(id);
        return TableSettings.of(info.primaryKey(), recorded("config " + id), info.raw().get("indexes"), info.raw().get("write_hook"));
    }

    /** Writes shop.customers and shop.orders (every document) with all the metadata, as the dumper does. */
    private Path writeArchive(Path file) throws Exception {
        try (ArchiveWriter w = OfficialArchiveWriter.toFile(file, TOP, ArchiveWriterOptions.defaults().withTempDir(dir.resolve("spool")))) {
            w.writeClusterConfig(cluster());
            w.writeDatabaseConfig("shop", recorded("db config shop"));
            w.writeDatabaseConfig("emptydb", recorded("db config emptydb"));
            w.startManifest(Manifest.start("test", "2.4.4", "2026-11-25T00:00:00Z", List.of("emptydb", "shop")));
            for (TableId id : List.of(CUSTOMERS, ORDERS)) {
                try (TableWriter t = w.openTable(id, infos.get(id), settings(id))) {
                    for (String doc : documents.get(id)) {
                        t.write(RawJson.of(doc));
                    }
                    t.finish();
                }
            }
            w.commit();
        }
        return file;
    }

    @Test
    void membersFollowTheOfficialRulesAndTheAgreedLayout() throws Exception {
        Path file = writeArchive(dir.resolve("a.tar.gz"));
        Map<String, byte[]> members = members(file);
        List<String> names = new ArrayList<>(members.keySet());
        assertEquals(List.of(TOP + "/cluster.config", TOP + "/shop.dbconfig", TOP + "/emptydb.dbconfig",
                TOP + "/shop/customers.config", TOP + "/shop/customers.info", TOP + "/shop/customers.json",
                TOP + "/shop/orders.config", TOP + "/shop/orders.info", TOP + "/shop/orders.json",
                TOP + "/manifest.config"), names, "cluster and databases first, a table's .config before its data, the manifest last");
        // the official restore's rules (facts §2): every .json/.csv/.info exactly <top>/<db>/<table>.<ext> under
        // one common top; members with other extensions are ignored, so ours must not use those three
        String top = null;
        for (String name : names) {
            String ext = name.substring(name.lastIndexOf('.') + 1);
            String[] parts = name.split("/");
            assertTrue(!name.startsWith("/") && !List.of(parts).contains(".."), name);
            if (List.of("json", "info", "csv").contains(ext)) {
                assertEquals(3, parts.length, name);
                top = top == null ? parts[0] : top;
                assertEquals(top, parts[0], name);
            } else {
                assertTrue(List.of("config", "dbconfig").contains(ext), "extra members use other extensions: " + name);
                assertEquals(TOP, parts[0], name);
            }
        }
        // .info byte for byte as the official tool writes it: the same bytes as in the official archive
        Map<String, byte[]> official = members(officialDump());
        for (TableId id : List.of(CUSTOMERS, ORDERS)) {
            String officialInfo = official.keySet().stream().filter(n -> n.endsWith("/" + id.db() + "/" + id.table() + ".info"))
                    .findFirst().orElseThrow();
            assertEquals(new String(official.get(officialInfo), StandardCharsets.UTF_8),
                    new String(members.get(TOP + "/" + id.db() + "/" + id.table() + ".info"), StandardCharsets.UTF_8));
        }
        // each member is one line of JSON with the agreed keys and the server's raw values
        JsonNode orders = Json.parse(new String(members.get(TOP + "/shop/orders.config"), StandardCharsets.UTF_8));
        assertEquals(List.of("primary_key", "config", "indexes", "write_hook"), fieldNames(orders));
        assertEquals(recorded("config shop.orders"), orders.get("config"));
        assertEquals(recorded("index_status shop.orders (raw)"), orders.get("indexes"));
        assertEquals("order_no", orders.get("primary_key").asText());
        JsonNode customers = Json.parse(new String(members.get(TOP + "/shop/customers.config"), StandardCharsets.UTF_8));
        assertEquals(recorded("get_write_hook shop.customers (raw)"), customers.get("write_hook"));
        assertEquals(recorded("db config emptydb"), Json.parse(new String(members.get(TOP + "/emptydb.dbconfig"), StandardCharsets.UTF_8)));
        JsonNode clusterMember = Json.parse(new String(members.get(TOP + "/cluster.config"), StandardCharsets.UTF_8));
        assertEquals(List.of("users", "permissions", "cluster_config", "note"), fieldNames(clusterMember));
        assertEquals(recordedRows("rethinkdb.permissions"), clusterMember.get("permissions"));
        // the manifest: counts, sizes and SHA-256 of the uncompressed .json members, computed here independently
        JsonNode manifest = Json.parse(new String(members.get(TOP + "/manifest.config"), StandardCharsets.UTF_8));
        assertEquals("rethink-migrate/1", manifest.get("format").asText());
        assertEquals(List.of("emptydb", "shop"), List.of(manifest.get("databases").get(0).asText(), manifest.get("databases").get(1).asText()));
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        manifest.get("tables").forEach(t -> listed.put(t.get("member").asText(), t));
        assertEquals(2, listed.size());
        for (TableId id : List.of(CUSTOMERS, ORDERS)) {
            String member = TOP + "/" + id.db() + "/" + id.table() + ".json";
            JsonNode t = listed.get(member);
            assertNotNull(t, member + " in " + manifest);
            byte[] data = members.get(member);
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), t.get("sha256").asText());
            assertEquals(data.length, t.get("bytes").asLong());
            assertEquals(documents.get(id).size(), t.get("documents").asInt());
        }
        assertEquals(3000, listed.get(TOP + "/shop/orders.json").get("documents").asInt());
    }

    @Test
    void pythonTarfileReadsEveryMemberAndTheOfficialRulesHold() throws Exception {
        Path file = writeArchive(dir.resolve("py.tar.gz"));
        // the official restore's member check, done by Python's tarfile as the official tool reads archives
        String script = String.join("\n",
                "import sys, tarfile, os",
                "tops = set(); n = 0",
                "with tarfile.open(sys.argv[1], 'r:gz') as t:",
                "    for m in t.getmembers():",
                "        assert m.isfile(), m.name",
                "        ext = os.path.splitext(m.name)[1]",
                "        if ext in ('.json', '.csv', '.info'):",
                "            parts = m.name.split('/')",
                "            assert len(parts) == 3, m.name",
                "            tops.add(parts[0]); n += 1",
                "assert len(tops) == 1, tops",
                "print('ok', n)");
        ArchiveTestSupport.Run run = ArchiveTestSupport.run(dir, "python3", "-c", script, file.toString());
        if (run == null) {
            return; // printed: python3 is not available
        }
        assertEquals(0, run.exit(), run.output());
        assertEquals("ok 4", run.output().trim());
    }

    @Test
    void readsTheMetadataBackFromAFileAndFromAStream() throws Exception {
        Path file = writeArchive(dir.resolve("b.tar.gz"));
        try (ArchiveReader reader = OfficialArchiveReader.open(file, ArchiveReaderOptions.defaults())) {
            List<TableEntry> catalog = reader.catalog().orElseThrow();
            assertEquals(settings(ORDERS).raw(), catalog.get(1).settings().raw(), "the catalog carries the settings");
            checkMetadata(reader.metadata());
            checkEntries(reader);
        }
        try (InputStream in = Files.newInputStream(file);
                ArchiveReader reader = OfficialArchiveReader.open(in, "-", ArchiveReaderOptions.defaults().withTempDir(dir.resolve("spool")))) {
            List<String> seenBeforeFirstTable = new ArrayList<>();
            reader.read((entry, docs) -> {
                if (seenBeforeFirstTable.isEmpty()) {
                    // streamed: the cluster and database members came first
                    seenBeforeFirstTable.addAll(reader.metadata().databases());
                    assertEquals(3, reader.metadata().users().size());
                    assertNull(reader.metadata().manifest(), "the manifest is the last member");
                }
                assertNotNull(entry.settings(), "a table's .config comes before its data");
                while (docs.next() != null) {
                    // read it all: the count is checked against the manifest
                }
            });
            assertEquals(List.of("emptydb", "shop"), seenBeforeFirstTable);
            checkMetadata(reader.metadata());
        }
    }

    private static void checkMetadata(ArchiveMetadata m) {
        assertEquals(List.of("emptydb", "shop"), m.databases(), "the empty database is in the archive");
        assertEquals(recorded("db config emptydb"), m.databaseConfig("emptydb"));
        assertEquals(List.of("admin", "alice", "bob"), m.users().stream().map(u -> u.get("id").asText()).toList());
        assertEquals(6, m.permissions().size());
        assertEquals(10, m.clusterConfig().get(0).get("heartbeat_timeout_secs").asInt());
        assertNotNull(m.manifest());
        assertEquals("2.4.4", m.manifest().serverVersion());
        assertEquals(Integer.valueOf(2), m.tableSettings(ORDERS).shardCount());
        assertEquals(Integer.valueOf(1), m.tableSettings(ORDERS).replicaCount());
        assertEquals("single", m.tableSettings(ORDERS).writeAcks().asText());
        assertEquals("soft", m.tableSettings(ORDERS).durability());
        assertEquals("hard", m.tableSettings(CUSTOMERS).durability());
        assertTrue(m.ignored().isEmpty(), String.valueOf(m.ignored()));
    }

    private static void checkEntries(ArchiveReader reader) throws Exception {
        Map<TableId, Integer> counts = new TreeMap<>();
        reader.read((entry, docs) -> {
            assertEquals(settings(entry.table()).raw(), entry.settings().raw());
            int n = 0;
            while (docs.next() != null) {
                n++;
            }
            counts.put(entry.table(), n);
        });
        assertEquals(Map.of(CUSTOMERS, 500, ORDERS, 3000), counts);
    }

    @Test
    void anOfficialArchiveHasNoMetadataAndEntriesWithoutSettings() throws Exception {
        try (ArchiveReader reader = OfficialArchiveReader.open(officialDump(), ArchiveReaderOptions.defaults())) {
            reader.catalog().orElseThrow().forEach(e -> assertNull(e.settings(), e.table().toString()));
            assertTrue(reader.metadata().databases().isEmpty());
            assertNull(reader.metadata().cluster());
            assertNull(reader.metadata().manifest());
        }
    }

    @Test
    void aDataMemberThatDisagreesWithTheManifestIsInconsistentFromAFileAndFromAStream() throws Exception {
        Path good = writeArchive(dir.resolve("c.tar.gz"));
        Map<String, byte[]> members = members(good);
        ObjectNode manifest = (ObjectNode) Json.parse(new String(members.get(TOP + "/manifest.config"), StandardCharsets.UTF_8));
        ((ObjectNode) manifest.get("tables").get(1)).put("sha256", "00" + manifest.get("tables").get(1).get("sha256").asText().substring(2));
        Path badSum = rewrite(members, TOP + "/manifest.config", Json.write(manifest) + "\n", dir.resolve("sum.tar.gz"));
        expectInconsistent(badSum, "orders.json does not match the manifest");

        ObjectNode counted = (ObjectNode) Json.parse(new String(members.get(TOP + "/manifest.config"), StandardCharsets.UTF_8));
        ((ObjectNode) counted.get("tables").get(0)).put("documents", 499);
        Path badCount = rewrite(members, TOP + "/manifest.config", Json.write(counted) + "\n", dir.resolve("count.tar.gz"));
        expectInconsistent(badCount, "customers.json holds 500 documents, the manifest says 499");

        // a changed document (same length, so only the checksum can tell)
        String orders = new String(members.get(TOP + "/shop/orders.json"), StandardCharsets.UTF_8);
        String changed = orders.replaceFirst("\"qty\": 2", "\"qty\": 3");
        Path badData = rewrite(members, TOP + "/shop/orders.json", changed, dir.resolve("data.tar.gz"));
        expectInconsistent(badData, "orders.json does not match the manifest");
    }

    private void expectInconsistent(Path archive, String expected) throws Exception {
        try (ArchiveReader reader = OfficialArchiveReader.open(archive, ArchiveReaderOptions.defaults())) {
            reader.catalog();
            ArchiveException e = assertThrows(ArchiveException.class, () -> checkEntries(reader));
            assertEquals(ErrorKind.ARCHIVE_INCONSISTENT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(archive.toString()), e.getMessage());
        }
        try (InputStream in = Files.newInputStream(archive);
                ArchiveReader reader = OfficialArchiveReader.open(in, "stdin", ArchiveReaderOptions.defaults().withTempDir(dir.resolve("spool")))) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> checkEntries(reader));
            assertEquals(ErrorKind.ARCHIVE_INCONSISTENT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(expected) && e.getMessage().startsWith("stdin: "), e.getMessage());
        }
    }

    /** The same members in the same order, one replaced. */
    private static Path rewrite(Map<String, byte[]> members, String name, String content, Path target) throws Exception {
        String[][] entries = new String[members.size()][];
        int i = 0;
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            entries[i++] = new String[] {m.getKey(), m.getKey().equals(name) ? content : new String(m.getValue(), StandardCharsets.UTF_8)};
        }
        return ArchiveTestSupport.tarGz(target, entries, true);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
