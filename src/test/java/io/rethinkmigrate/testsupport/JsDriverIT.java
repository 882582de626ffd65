package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the independent reader and the sample loader work against the live test server. */
class JsDriverIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static TestServer server;
    private static JsDriver js;
    private static String db;

    @BeforeAll
    static void loadSample() {
        server = TestServer.require();
        js = new JsDriver(server);
        db = TestServer.uniqueName("it_sample");
        String summary = js.loadSample(db, 300);
        assertTrue(summary.contains("people=300"), summary);
    }

    @AfterAll
    static void drop() {
        if (js != null && db != null) {
            js.dropDb(db);
        }
    }

    @Test
    void countsTablesAndIndexes() {
        assertEquals(300, js.count(db, "people"));
        assertEquals(150, js.count(db, "orders"));
        assertEquals(0, js.count(db, "empty"));
        List<String> tables = js.tables();
        assertTrue(tables.containsAll(List.of(db + ".empty", db + ".orders", db + ".people")), tables.toString());
        assertEquals(List.of("email", "name_lower"), js.indexes(db, "people"));
        assertEquals(List.of("customer_id"), js.indexes(db, "orders"));
    }

    @Test
    void dumpKeepsPseudoTypesRawAndSorted() throws Exception {
        List<String> docs = js.dump(db, "people");
        assertEquals(300, docs.size());
        JsonNode first = MAPPER.readTree(docs.get(0));
        assertEquals("p000000", first.get("id").asText());
        assertEquals("p000299", MAPPER.readTree(docs.get(299)).get("id").asText());
        assertEquals("TIME", first.get("created").get("$reql_type$").asText());
        assertTrue(first.get("created").get("epoch_time").isNumber());
        assertTrue(first.get("created").get("timezone").asText().matches("[+-]\\d\\d:\\d\\d"));
        assertEquals("BINARY", first.get("avatar").get("$reql_type$").asText());
        assertEquals("GEOMETRY", first.get("location").get("$reql_type$").asText());
        assertEquals("Point", first.get("location").get("type").asText());
        long zones = docs.stream().map(d -> {
            try {
                return MAPPER.readTree(d).get("created").get("timezone").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).distinct().count();
        assertTrue(zones >= 4, "several time zones: " + zones);
        // orders: integer primary keys sort numerically within the same width
        List<String> orders = js.dump(db, "orders");
        assertEquals(100000, MAPPER.readTree(orders.get(0)).get("order_no").asLong());
    }

    @Test
    void loadRoundTripKeepsValues() {
        List<String> original = js.dump(db, "people");
        String copy = TestServer.uniqueName("it_copy");
        try {
            js.load(copy, "people", "id", original);
            assertEquals(original.size(), js.count(copy, "people"));
            assertEquals(Canonical.canonicalForJsAll(original), Canonical.canonicalForJsAll(js.dump(copy, "people")));
            List<String> orders = js.dump(db, "orders");
            js.load(copy, "orders", "order_no", orders);
            assertEquals(Canonical.canonicalForJsAll(orders), Canonical.canonicalForJsAll(js.dump(copy, "orders")));
        } finally {
            js.dropDb(copy);
        }
    }

    @Test
    void loadConvertsRawPseudoTypes() throws Exception {
        String copy = TestServer.uniqueName("it_types");
        try {
            List<String> docs = new ArrayList<>();
            docs.add("{\"id\":1,\"t\":{\"$reql_type$\":\"TIME\",\"epoch_time\":1.5,\"timezone\":\"-09:30\"},"
                    + "\"b\":{\"$reql_type$\":\"BINARY\",\"data\":\"AAE=\"},\"deep\":[[[1,[2]]]],\"u\":\"ünï 😀\"}");
            js.load(copy, "t", null, docs);
            assertEquals(Canonical.canonicalForJsAll(docs), Canonical.canonicalForJsAll(js.dump(copy, "t")));
        } finally {
            js.dropDb(copy);
        }
    }

    @Test
    void errorsCarryStderr() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> js.count(db, "no_such_table"));
        assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
    }
}
