package io.rethinkmigrate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Against the server in RETHINKDB_TEST_SERVER (host:port; password in RETHINKDB_TEST_PASSWORD, user
 * admin). CI runs reqlite there; RETHINKDB_TEST_REAL=1 marks a real RethinkDB and enables the checks
 * reqlite cannot pass (V0_4, real SCRAM, error kinds, pseudo-types).
 */
@Timeout(120)
class ConnectionIT {
    private static Endpoint endpoint;
    private static String password;
    private static boolean real;
    private static final String DB = "wire_it_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void needServer() {
        String spec = System.getenv("RETHINKDB_TEST_SERVER");
        boolean present = spec != null && !spec.isBlank();
        if (!present) {
            System.out.println("ConnectionIT skipped: RETHINKDB_TEST_SERVER (host:port) is not set");
        }
        assumeTrue(present, "RETHINKDB_TEST_SERVER (host:port) is not set");
        endpoint = Endpoint.parse(spec, Endpoint.DEFAULT_PORT);
        password = System.getenv().getOrDefault("RETHINKDB_TEST_PASSWORD", "");
        real = "1".equals(System.getenv("RETHINKDB_TEST_REAL"));
    }

    @AfterAll
    static void dropTempDb() {
        if (endpoint == null) {
            return;
        }
        try (Connection c = connect()) {
            if (c.run(Term.dbList()).toString().contains("\"" + DB + "\"")) {
                c.run(Term.dbDrop(DB));
            }
        }
    }

    private static Connection connect() {
        return Connection.open(ConnectOptions.builder().endpoint(endpoint).password(password)
                .connectTimeout(Duration.ofSeconds(10)).build());
    }

    private static synchronized Term table(Connection c, String name) {
        if (!c.run(Term.dbList()).toString().contains("\"" + DB + "\"")) {
            c.run(Term.dbCreate(DB));
        }
        if (!c.run(Term.db(DB).tableList()).toString().contains("\"" + name + "\"")) {
            c.run(Term.db(DB).tableCreate(name, Map.of("primary_key", "id")));
            if (real) {
                c.run(Term.db(DB).table(name).waitReady(30));
            }
        }
        return Term.db(DB).table(name);
    }

    @Test
    void connectsAndListsDatabases() {
        try (Connection c = connect()) {
            JsonNode dbs = c.run(Term.dbList());
            assertTrue(dbs.isArray(), dbs.toString());
            System.out.println("ConnectionIT: server " + endpoint + " version " + c.serverVersion() + ", databases " + dbs);
            if (real) {
                assertNotNull(c.serverVersion());
                assertTrue(c.serverInfo().has("name"));
            }
        }
    }

    /** Documents sent as one r.json batch come back identical through a raw-format cursor. */
    @Test
    void jsonBatchRoundTripsThroughACursor() {
        List<ObjectNode> docs = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            ObjectNode doc = Json.mapper().createObjectNode();
            doc.put("id", i);
            doc.put("text", "ünïcode 密码 😀 \"quoted\" back\\slash \n\t\u0001 #" + i);
            doc.set("nested", Json.parse("[[1,[2,[3]]],{\"a\":[[]]},[]]"));
            doc.set("when", Json.parse("{\"$reql_type$\":\"TIME\",\"epoch_time\":" + (1700000000 + i)
                    + ".5,\"timezone\":\"+02:00\"}"));
            doc.set("blob", Json.parse("{\"$reql_type$\":\"BINARY\",\"data\":\"AAECAwQ=\"}"));
            docs.add(doc);
        }
        ArrayNode batch = Json.mapper().createArrayNode().addAll(docs);
        try (Connection c = connect()) {
            Term t = table(c, "roundtrip");
            JsonNode result = c.run(t.insert(Term.json(RawJson.of(Json.write(batch))), Map.of("conflict", "replace")),
                    GlobalOptions.none().durability("soft"));
            System.out.println("ConnectionIT: r.json insert answered " + result);
            assertEquals(120, result.path("inserted").asInt() + result.path("replaced").asInt()
                    + result.path("unchanged").asInt(), result.toString());
            assertEquals(0, result.path("errors").asInt(), result.toString());

            List<JsonNode> back = new ArrayList<>();
            int batches = 0;
            try (Cursor cursor = c.cursor(t, GlobalOptions.none().rawFormats().maxBatchRows(50))) {
                List<RawJson> chunk;
                while ((chunk = cursor.nextBatch()) != null) {
                    batches++;
                    chunk.forEach(raw -> back.add(Json.parse(raw)));
                }
                assertEquals(120, cursor.documentsRead());
            }
            System.out.println("ConnectionIT: table read came in " + batches + " batch(es)");
            back.sort(Comparator.comparingInt(d -> d.get("id").asInt()));
            assertEquals(120, back.size());
            for (int i = 0; i < 120; i++) {
                JsonNode expected = docs.get(i);
                JsonNode actual = back.get(i);
                assertEquals(expected.get("text"), actual.get("text"));
                assertEquals(expected.get("nested"), actual.get("nested"));
                assertEquals(expected.get("blob").get("data").asText(),
                        actual.get("blob").get("data").asText().replaceAll("\\s", ""), actual.toString());
                assertEquals("TIME", actual.get("when").path("$reql_type$").asText(), actual.toString());
                assertEquals(0, expected.get("when").get("epoch_time").decimalValue()
                        .compareTo(actual.get("when").get("epoch_time").decimalValue()), actual.toString());
                assertEquals("+02:00", actual.get("when").get("timezone").asText());
            }
            // Did the server turn the $reql_type$ objects into real pseudo-types? (TYPE_OF = 52)
            Term first = Term.of(TermType.GET, List.of(t, Term.value(0)), null);
            String timeType = c.run(Term.of(52, List.of(first.getField("when")), null)).asText();
            String binaryType = c.run(Term.of(52, List.of(first.getField("blob")), null)).asText();
            System.out.println("ConnectionIT: after r.json insert, type_of(when)=" + timeType + ", type_of(blob)=" + binaryType);
            if (real) {
                assertEquals("PTYPE<TIME>", timeType);
                assertEquals("PTYPE<BINARY>", binaryType);
            }
        }
    }

    /** The dump read: between(lower, maxval, left open) ordered by the primary key, limited. */
    @Test
    void betweenOrderByPrimaryKeyWithLimit() {
        try (Connection c = connect()) {
            Term t = table(c, "ranges");
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < 40; i++) {
                json.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"v\":[").append(i).append("]}");
            }
            c.run(t.insert(Term.json(RawJson.of(json.append(']').toString())), Map.of("conflict", "replace")));
            JsonNode page = c.run(t.between(Term.value(10), Term.maxval(), Map.of("left_bound", "open"))
                    .orderBy("id").limit(5), GlobalOptions.none().rawFormats());
            System.out.println("ConnectionIT: between/orderBy(index)/limit answered " + page);
            assertEquals(5, page.size());
            for (int i = 0; i < 5; i++) {
                assertEquals(11 + i, page.get(i).get("id").asInt());
            }
            JsonNode fromStart = c.run(t.between(Term.minval(), Term.maxval()).orderBy("id").limit(3));
            assertEquals(0, fromStart.get(0).get("id").asInt());
            assertEquals(40, c.run(t.count()).asInt());
        }
    }

    @Test
    void pipelinesQueriesOnOneConnection() throws Exception {
        try (Connection c = connect()) {
            Term t = table(c, "roundtrip");
            List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(c.runAsync(i % 2 == 0 ? Term.dbList() : Term.db(DB).tableList(), GlobalOptions.none()));
            }
            futures.add(c.runAsync(t.count(), GlobalOptions.none()));
            for (int i = 0; i < 8; i++) {
                JsonNode r = futures.get(i).get(30, TimeUnit.SECONDS);
                assertTrue(r.toString().contains(i % 2 == 0 ? DB : "roundtrip"), r.toString());
            }
            assertTrue(futures.get(8).get(30, TimeUnit.SECONDS).isNumber());
        }
    }

    @Test
    void missingTableIsATypedRuntimeError() {
        try (Connection c = connect()) {
            table(c, "roundtrip");
            ReqlServerException e = assertThrows(ReqlServerException.class,
                    () -> c.run(Term.db(DB).table("no_such_table")));
            System.out.println("ConnectionIT: missing table -> " + e.getMessage());
            assertEquals(ResponseKind.RUNTIME_ERROR, e.responseKind());
            assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
            assertTrue(e.getMessage().contains(endpoint.toString()), e.getMessage());
            if (real) {
                assertEquals(ErrorType.OP_FAILED, e.errorType());
            }
            assertTrue(c.isOpen());
            assertTrue(c.run(Term.dbList()).isArray());
        }
    }

    /** Admin terms a dump/restore needs: real servers answer them; reqlite may refuse, but must not hang us. */
    @Test
    void adminTermsAnswerOrFailTyped() {
        try (Connection c = connect()) {
            Term t = table(c, "roundtrip");
            Map<String, Term> terms = new java.util.LinkedHashMap<>();
            terms.put("info", t.info());
            terms.put("index_status", t.indexStatus());
            terms.put("config", t.config());
            terms.put("status", t.status());
            terms.put("wait", t.waitReady(10));
            terms.put("get_write_hook", t.getWriteHook());
            terms.put("server_info", null);
            for (Map.Entry<String, Term> e : terms.entrySet()) {
                try {
                    JsonNode answer = e.getValue() == null ? c.serverInfo() : c.run(e.getValue(), GlobalOptions.none().rawFormats());
                    String text = answer == null ? "null" : answer.toString();
                    System.out.println("ConnectionIT: " + e.getKey() + " -> " + text.substring(0, Math.min(160, text.length())));
                } catch (ReqlServerException ex) {
                    System.out.println("ConnectionIT: " + e.getKey() + " -> " + ex.responseKind() + "/" + ex.errorType()
                            + ": " + ex.serverMessage());
                    if (real) {
                        fail(e.getKey() + " failed on a real server: " + ex.getMessage());
                    }
                }
            }
            assertTrue(c.isOpen());
        }
    }

    /** reqlite drops V0_4 silently: the attempt must end (connected or refused), never hang. */
    @Test
    void legacyHandshakeNeverHangs() {
        ConnectOptions options = ConnectOptions.builder().endpoint(endpoint).authKey(password)
                .connectTimeout(Duration.ofSeconds(3)).build();
        long start = System.nanoTime();
        try (Connection c = Connection.open(options)) {
            assertTrue(c.run(Term.dbList()).isArray());
            System.out.println("ConnectionIT: V0_4 handshake accepted");
        } catch (ReqlConnectionException | ReqlAuthException e) {
            System.out.println("ConnectionIT: V0_4 handshake refused: " + e.getMessage());
            assertTrue(e.getMessage().contains(endpoint.toString()), e.getMessage());
            if (real) {
                fail("a real server accepts V0_4 with admin's password as auth key: " + e.getMessage());
            }
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));
    }

    @Test
    void realServerChecksV04KeysAndScramPasswords() {
        if (!real) {
            System.out.println("ConnectionIT.realServerChecksV04KeysAndScramPasswords skipped: RETHINKDB_TEST_REAL=1 not set"
                    + " (reqlite has no V0_4 and accepts any user with an empty password)");
        }
        assumeTrue(real, "RETHINKDB_TEST_REAL=1 not set");
        try (Connection c = Connection.open(ConnectOptions.builder().endpoint(endpoint).authKey(password).build())) {
            assertTrue(c.run(Term.dbList()).isArray());
        }
        ReqlAuthException key = assertThrows(ReqlAuthException.class, () -> Connection.open(
                ConnectOptions.builder().endpoint(endpoint).authKey(password + "-wrong").build()));
        assertTrue(key.getMessage().contains("authorization key"), key.getMessage());
        ReqlAuthException pw = assertThrows(ReqlAuthException.class, () -> Connection.open(
                ConnectOptions.builder().endpoint(endpoint).password(password + "-wrong").build()));
        assertEquals(12, pw.errorCode());
        ReqlAuthException user = assertThrows(ReqlAuthException.class, () -> Connection.open(
                ConnectOptions.builder().endpoint(endpoint).user("no_such_user_" + DB).password("x").build()));
        assertEquals(17, user.errorCode());
    }
}
