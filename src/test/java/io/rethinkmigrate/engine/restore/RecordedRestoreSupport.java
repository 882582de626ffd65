package io.rethinkmigrate.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.ArchiveContents;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.RecordedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official fixture dump, read once with our reader, and the queries our restore must send for a
 * table of it, with the real server's answers (recorded frames where the recording has them).
 */
public final class RecordedRestoreSupport {
    private static Map<TableId, TableInfo> infos;
    private static Map<TableId, List<String>> documents;

    private RecordedRestoreSupport() {
    }

    public static synchronized Map<TableId, TableInfo> officialInfos() throws IOException {
        load();
        return infos;
    }

    /** The first {@code n} documents of a table of the official dump, in file order. */
    public static synchronized List<String> officialDocuments(TableId table, int n) throws IOException {
        load();
        return documents.get(table).subList(0, n);
    }

    private static void load() throws IOException {
        if (infos != null) {
            return;
        }
        ArchiveContents fixture = ArchiveContents.read(Fixtures.officialDump());
        infos = Collections.unmodifiableMap(fixture.infos());
        documents = Collections.unmodifiableMap(fixture.documents());
    }

    /** Writes an official-format archive holding these tables (info and documents), in this order. */
    public static Path writeArchive(Path dir, Map<TableId, List<String>> tables) throws IOException {
        Path file = dir.resolve("restore-me.tar.gz");
        try (ArchiveWriter writer = OfficialArchiveWriter.toFile(file, "rethinkdb_dump_recorded", ArchiveWriterOptions.defaults())) {
            for (Map.Entry<TableId, List<String>> table : tables.entrySet()) {
                try (TableWriter t = writer.openTable(table.getKey(), officialInfos().get(table.getKey()))) {
                    for (String doc : table.getValue()) {
                        t.write(RawJson.of(doc));
                    }
                    t.finish();
                }
            }
            writer.commit();
        }
        return file;
    }

    // ------------------------------------------------------------------ the queries of a restore

    public static String table(TableId id) {
        return "[15,[[14,[" + str(id.db()) + "]]," + str(id.table()) + "]]";
    }

    public static String str(String s) {
        return Json.write(Json.mapper().getNodeFactory().textNode(s));
    }

    /** A blob as our restore sends it: the server's MIME line breaks removed, nothing else changed. */
    public static String joinedBlob(JsonNode blob) {
        ObjectNode copy = blob.deepCopy();
        copy.put("data", blob.get("data").asText().replaceAll("\\s", ""));
        return Json.write(copy);
    }

    /** The fixture table's index names, in the order of its .info. */
    public static List<String> indexNames(TableId id) throws IOException {
        return officialInfos().get(id).indexes().stream().map(IndexSpec::name).toList();
    }

    public static String dbList() {
        return "[1,[59,[]],{}]";
    }

    public static String tableList(String db) {
        return "[1,[62,[[14,[" + str(db) + "]]]],{}]";
    }

    public static String dbCreate(String db) {
        return "[1,[57,[" + str(db) + "]],{}]";
    }

    public static String tableCreate(TableId id, String primaryKey) {
        return "[1,[60,[[14,[" + str(id.db()) + "]]," + str(id.table()) + "],{\"primary_key\":" + str(primaryKey) + "}],{}]";
    }

    public static String waitReady(TableId id) {
        return "[1,[177,[" + table(id) + "],{\"timeout\":" + TableRestorer.READY_TIMEOUT_SECONDS + "}],{}]";
    }

    public static String indexStatus(TableId id) {
        return "[1,[139,[" + table(id) + "]],{}]";
    }

    public static String indexCreate(TableId id, String name, JsonNode blob) {
        return "[1,[75,[" + table(id) + "," + str(name) + "," + joinedBlob(blob) + "]],{}]";
    }

    public static String indexWait(TableId id, List<String> names) {
        StringBuilder sb = new StringBuilder("[1,[140,[" + table(id));
        names.forEach(n -> sb.append(',').append(str(n)));
        return sb.append("]],{}]").toString();
    }

    public static String setWriteHook(TableId id, JsonNode blob) {
        return "[1,[189,[" + table(id) + "," + joinedBlob(blob) + "]],{}]";
    }

    /** A fresh 2.4 server: databases `rethinkdb` and `test`, no tables; creating `shop` succeeds. */
    public static RecordedServer freshServer() throws IOException {
        RecordedServer server = RecordedServer.start();
        server.answer(dbList(), List.of(RecordedServer.atom("[\"rethinkdb\",\"test\"]")));
        server.answer(tableList("test"), List.of(RecordedServer.atom("[]")));
        ObjectNode created = Json.mapper().createObjectNode();
        ObjectNode change = created.putArray("config_changes").addObject();
        change.set("new_val", Fixtures.answer("db config shop").get("frames").get(0).get("r").get(0));
        change.putNull("old_val");
        created.put("dbs_created", 1);
        server.answer(dbCreate("shop"), List.of(RecordedServer.atom(created)));
        return server;
    }

    /**
     * Registers the answers a fresh real 2.4 server gives to our restore of this fixture table: the
     * recorded frames for table_create, wait, index_create and set_write_hook (recorded for
     * emptydb.t_rec, the same server answering the same kinds of queries), an empty index list before
     * the indexes are built, and index_wait answering with the table's recorded index_status.
     */
    public static void registerTable(RecordedServer server, TableId id) throws IOException {
        TableInfo info = officialInfos().get(id);
        server.answer(tableCreate(id, info.primaryKey()), recordedTableCreate(id, info.primaryKey()));
        server.answer(waitReady(id), frames("wait table"));
        server.answer(indexStatus(id), List.of(RecordedServer.atom("[]")));
        for (IndexSpec index : info.indexes()) {
            server.answer(indexCreate(id, index.name(), index.function()), frames("index_create from blob of index_status (restore path)"));
        }
        server.answer(indexWait(id, indexNames(id)), List.of(RecordedServer.atom(info.raw().get("indexes"))));
        if (info.writeHook() != null) {
            server.answer(setWriteHook(id, info.writeHook().get("function")), frames("set_write_hook from blob (restore path)"));
        }
    }

    public static List<JsonNode> frames(String recordedName) {
        List<JsonNode> out = new ArrayList<>();
        Fixtures.answer(recordedName).get("frames").forEach(out::add);
        return out;
    }

    /** The recorded table_create answer, about this table (db, name, primary key, one shard). */
    private static List<JsonNode> recordedTableCreate(TableId id, String primaryKey) {
        ObjectNode frame = Fixtures.answer("table_create with shards/replicas").get("frames").get(0).deepCopy();
        ObjectNode newVal = (ObjectNode) frame.get("r").get(0).get("config_changes").get(0).get("new_val");
        newVal.put("db", id.db());
        newVal.put("name", id.table());
        newVal.put("primary_key", primaryKey);
        ((com.fasterxml.jackson.databind.node.ArrayNode) newVal.get("shards")).remove(1);
        return List.of(frame);
    }

    /** The documents of a `[56, [table, [98, ["<json>"]], {...}]]` insert. */
    public static List<String> insertedDocuments(JsonNode query) {
        JsonNode json = query.get(1).get(1).get(1);
        if (json.get(0).asInt() != 98) {
            throw new AssertionError("insert not through r.json: " + Json.write(query));
        }
        List<String> docs = new ArrayList<>();
        Json.parse(json.get(1).get(0).asText()).forEach(d -> docs.add(Json.write(d)));
        return docs;
    }

    /** Answers the inserts into a table after a delay, with the server's result shape; collects their documents. */
    public static void answerInserts(RecordedServer server, TableId id, Duration delay, List<String> collected) {
        String target = table(id);
        server.answerWhen(q -> q.get(1).get(0).asInt() == 56 && Json.write(q.get(1).get(1).get(0)).equals(target), delay, q -> {
            List<String> docs = insertedDocuments(q);
            synchronized (collected) {
                collected.addAll(docs);
            }
            return List.of(RecordedServer.insertResult(docs.size()));
        });
    }

    public static Map<TableId, List<String>> tables(Object... idsAndCounts) throws IOException {
        Map<TableId, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < idsAndCounts.length; i += 2) {
            TableId id = (TableId) idsAndCounts[i];
            out.put(id, officialDocuments(id, (Integer) idsAndCounts[i + 1]));
        }
        return out;
    }
}
