package io.rethinkmigrate.engine.restore;

import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.indexCreate;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.indexNames;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.indexStatus;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.indexWait;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.officialInfos;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.str;
import static io.rethinkmigrate.engine.restore.RecordedRestoreSupport.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.progress.TableResult;
import io.rethinkmigrate.testsupport.RecordedServer;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Term;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index restore when the server refuses the archive's function blob (an older server than the one that
 * wrote it, rethinkdb #5646) or the archive has none: each index is created from its translated query
 * text, and one whose text cannot be translated is named with that text in the table's problems.
 * Answers are the real server's recorded ones; the refusal is the real server's error for a blob it
 * cannot read (RUNTIME_ERROR, QUERY_LOGIC, "Binary blob passed to index create could not be interpreted
 * as a reql_index_function ...").
 */
@Timeout(120)
class IndexRestorerRecordedTest {
    private static final TableId CUSTOMERS = new TableId("shop", "customers");
    private static final String REFUSED_BLOB = "{\"t\":18,\"e\":3000000,\"r\":[\"Binary blob passed to index create could "
            + "not be interpreted as a reql_index_function (Deserialization of sindex description failed with error "
            + "archive_result_t::RANGE_ERROR.).\"],\"b\":[]}";

    /** The index functions of shop.customers on the wire, derived by hand from ql2.proto. */
    private static final Map<String, String> FUNCTIONS = Map.of(
            "city_zip", "[69,[[2,[1]],[2,[[170,[[170,[[10,[1]],\"address\"]],\"city\"]],[170,[[170,[[10,[1]],\"address\"]],\"zip\"]]]]]]",
            "email", "[69,[[2,[1]],[31,[[10,[1]],\"email\"]]]]",
            "location", "[69,[[2,[1]],[31,[[10,[1]],\"location\"]]]]",
            "name_lower", "[69,[[2,[1]],[142,[[170,[[10,[1]],\"name\"]]]]]]",
            "tags", "[69,[[2,[1]],[31,[[10,[1]],\"tags\"]]]]");

    @TempDir
    Path dir;

    /** index_create from the query text: [75, [table, name, FUNC], {multi/geo}]. */
    private static String indexCreateFromQuery(TableId id, IndexSpec index) {
        String options = index.multi() ? ",{\"multi\":true}" : index.geo() ? ",{\"geo\":true}" : "";
        return "[1,[75,[" + table(id) + "," + str(index.name()) + "," + FUNCTIONS.get(index.name()) + "]" + options + "],{}]";
    }

    private static List<JsonNode> created() {
        return RecordedRestoreSupport.frames("index_create from blob of index_status (restore path)");
    }

    @Test
    void everyRefusedBlobIsRebuiltFromItsQueryTextWithItsMultiAndGeoFlags() throws Exception {
        TableInfo info = officialInfos().get(CUSTOMERS);
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = new ArrayList<>();
        List<String> starts;
        int count;
        try (RecordedServer server = RecordedServer.start()) {
            server.answer(indexStatus(CUSTOMERS), List.of(RecordedServer.atom("[]")));
            for (IndexSpec index : info.indexes()) {
                server.answer(indexCreate(CUSTOMERS, index.name(), index.function()), REFUSED_BLOB);
                server.answer(indexCreateFromQuery(CUSTOMERS, index), created());
            }
            server.answer(indexWait(CUSTOMERS, indexNames(CUSTOMERS)), List.of(RecordedServer.atom(info.raw().get("indexes"))));
            try (Connection connection = Connection.open(server.options())) {
                count = new IndexRestorer(connection, listener(warnings), "the archive")
                        .restore(CUSTOMERS, Term.db("shop").table("customers"), info.indexes(), problems);
            }
            server.assertAllAnswered();
            starts = server.queries();
        }
        assertEquals(List.of(), problems);
        assertEquals(5, count, "all five indexes of shop.customers");
        List<String> expected = new ArrayList<>(List.of(indexStatus(CUSTOMERS)));
        for (IndexSpec index : info.indexes()) {
            expected.add(indexCreate(CUSTOMERS, index.name(), index.function()));
            expected.add(indexCreateFromQuery(CUSTOMERS, index));
        }
        expected.add(indexWait(CUSTOMERS, indexNames(CUSTOMERS)));
        assertEquals(expected, starts, "the blob first, then the query text, for each index");
        assertTrue(starts.contains("[1,[75,[" + table(CUSTOMERS) + ",\"tags\"," + FUNCTIONS.get("tags") + "],{\"multi\":true}],{}]"));
        assertTrue(starts.contains("[1,[75,[" + table(CUSTOMERS) + ",\"location\"," + FUNCTIONS.get("location") + "],{\"geo\":true}],{}]"));
        assertEquals(5, warnings.size(), warnings.toString());
        assertTrue(warnings.stream().allMatch(w -> w.contains("was rebuilt from its query text")
                && w.contains("Binary blob passed to index create")), warnings.toString());
    }

    @Test
    void anIndexWithoutABlobIsCreatedFromItsQueryTextStraightAway() throws Exception {
        IndexSpec archived = officialInfos().get(CUSTOMERS).indexes().stream()
                .filter(i -> i.name().equals("name_lower")).findFirst().orElseThrow();
        // as reqlite writes it: an empty object where the blob would be
        IndexSpec noBlob = new IndexSpec(archived.name(), Json.mapper().createObjectNode(), false, false, archived.query());
        List<String> problems = new ArrayList<>();
        List<String> starts;
        try (RecordedServer server = RecordedServer.start()) {
            server.answer(indexStatus(CUSTOMERS), List.of(RecordedServer.atom("[]")));
            server.answer(indexCreateFromQuery(CUSTOMERS, noBlob), created());
            server.answer(indexWait(CUSTOMERS, List.of("name_lower")), List.of(RecordedServer.atom("[]")));
            try (Connection connection = Connection.open(server.options())) {
                assertEquals(1, new IndexRestorer(connection, ProgressListener.NONE, "the archive")
                        .restore(CUSTOMERS, Term.db("shop").table("customers"), List.of(noBlob), problems));
            }
            server.assertAllAnswered();
            starts = server.queries();
        }
        assertEquals(List.of(), problems);
        assertEquals(List.of(indexStatus(CUSTOMERS), indexCreateFromQuery(CUSTOMERS, noBlob),
                indexWait(CUSTOMERS, List.of("name_lower"))), starts);
    }

    @Test
    void anUntranslatableQueryIsNamedWithItsTextAndOnlyItsTableIsIncomplete() throws Exception {
        TableInfo official = officialInfos().get(CUSTOMERS);
        // the server abbreviates functions nested deeper than it prints with `...`
        String abbreviated = "indexCreate('name_lower', function(var1) { return var1(\"name\").downcase().split(...); })";
        ObjectNode raw = official.raw().deepCopy();
        for (JsonNode index : raw.withArray("indexes")) {
            if (index.path("index").asText().equals("name_lower")) {
                ((ObjectNode) index).put("query", abbreviated);
            }
        }
        TableInfo info = new TableInfo(raw);
        Path archive = dir.resolve("abbreviated.tar.gz");
        List<String> documents = RecordedRestoreSupport.officialDocuments(CUSTOMERS, 2);
        try (ArchiveWriter writer = OfficialArchiveWriter.toFile(archive, "rethinkdb_dump_x", ArchiveWriterOptions.defaults())) {
            try (TableWriter t = writer.openTable(CUSTOMERS, info)) {
                for (String doc : documents) {
                    t.write(RawJson.of(doc));
                }
                t.finish();
            }
            writer.commit();
        }
        IndexSpec nameLower = info.indexes().stream().filter(i -> i.name().equals("name_lower")).findFirst().orElseThrow();
        List<String> inserted = Collections.synchronizedList(new ArrayList<>());
        RunSummary summary;
        try (RecordedServer server = RecordedServer.start()) {
            server.answer(RecordedRestoreSupport.dbList(), List.of(RecordedServer.atom("[\"rethinkdb\",\"shop\"]")));
            server.answer(RecordedRestoreSupport.tableList("shop"), List.of(RecordedServer.atom("[]")));
            RecordedRestoreSupport.registerTable(server, CUSTOMERS);
            server.answer(indexCreate(CUSTOMERS, "name_lower", nameLower.function()), REFUSED_BLOB);
            List<String> built = indexNames(CUSTOMERS).stream().filter(n -> !n.equals("name_lower")).toList();
            server.answer(indexWait(CUSTOMERS, built), List.of(RecordedServer.atom(official.raw().get("indexes"))));
            RecordedRestoreSupport.answerInserts(server, CUSTOMERS, java.time.Duration.ZERO, inserted);
            Restorer restorer = new Restorer(() -> Connection.open(server.options()),
                    RestoreOptions.builder().clients(1).build(), ProgressListener.NONE);
            try (ArchiveReader reader = OfficialArchiveReader.open(archive, ArchiveReaderOptions.defaults())) {
                summary = restorer.restore(reader);
            }
            server.assertAllAnswered();
        }
        TableResult result = summary.tables().get(0);
        assertEquals(TableResult.Status.INCOMPLETE, result.status());
        assertEquals(2, result.documents(), "the data is in");
        assertEquals(4, result.indexes(), "the other four indexes");
        assertTrue(result.writeHook(), "the hook is still set");
        assertTrue(result.error().contains("index `name_lower` of shop.customers was not recreated"), result.error());
        assertTrue(result.error().contains("Binary blob passed to index create"), "why the blob failed: " + result.error());
        assertTrue(result.error().contains("`...`"), "why the text failed: " + result.error());
        assertTrue(result.error().endsWith(abbreviated), "the query text itself: " + result.error());
        assertTrue(summary.warnings().stream().anyMatch(w -> w.contains("name_lower") && w.contains(abbreviated)),
                summary.warnings().toString());
        assertEquals(2, inserted.size());
    }

    private static ProgressListener listener(List<String> warnings) {
        return new ProgressListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };
    }
}
