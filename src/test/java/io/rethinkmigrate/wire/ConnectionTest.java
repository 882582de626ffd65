package io.rethinkmigrate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.ServerSession;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionTest {
    private static final JsonNode ADMIN = Fixtures.handshakeVectors().get(0);
    private static final JsonNode UNICODE_USER = Fixtures.handshakeVectors().get(1);
    private static final Term ORDERS = Term.db("shop").table("orders");

    private static ConnectOptions optionsFor(FakeServer server, JsonNode vector) {
        String clientFirst = vector.get("messages").get(0).get("client").get("authentication").asText();
        return ConnectOptions.builder().endpoint(server.endpoint()).user(vector.get("user").asText())
                .password(vector.get("password").asText()).clientNonce(Scram.attribute(clientFirst, 'r'))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static JsonNode frame(String fixture, int index) {
        return Fixtures.answer(fixture).get("frames").get(index);
    }

    // ------------------------------------------------------------------ handshakes

    @Test
    void replaysRecordedV10HandshakesEndToEnd() throws Exception {
        for (JsonNode vector : List.of(ADMIN, UNICODE_USER)) {
            try (FakeServer server = new FakeServer(s -> s.replayV10(vector));
                 Connection c = Connection.open(optionsFor(server, vector))) {
                assertEquals("2.4.4-10-g8de19b", c.serverVersion());
                assertEquals(server.endpoint(), c.endpoint());
                server.finish();
            }
        }
    }

    @Test
    void rejectsAForgedServerSignature() throws Exception {
        try (FakeServer server = new FakeServer(s -> s.v10UntilFinal(ADMIN,
                "{\"success\":true,\"authentication\":\"v=73+VPzgzUafVL2MeGQPmQD72I650DX7Yss5pfmQfmUX=\"}"))) {
            ReqlAuthException e = assertThrows(ReqlAuthException.class, () -> Connection.open(optionsFor(server, ADMIN)));
            assertTrue(e.getMessage().contains("server signature mismatch"), e.getMessage());
            assertTrue(e.getMessage().contains(server.endpoint().toString()), e.getMessage());
        }
    }

    @Test
    void wrongPasswordIsAnAuthError() throws Exception {
        String answer = Fixtures.answer("authentication answers").get("cases").get(0).get("result").asText();
        try (FakeServer server = new FakeServer(s -> s.v10UntilFinal(ADMIN, answer))) {
            ReqlAuthException e = assertThrows(ReqlAuthException.class, () -> Connection.open(optionsFor(server, ADMIN)));
            assertEquals(12, e.errorCode());
            assertTrue(e.getMessage().contains("Wrong password"), e.getMessage());
            assertTrue(e.getMessage().contains(server.endpoint().toString()), e.getMessage());
        }
    }

    @Test
    void unknownUserIsAnAuthError() throws Exception {
        String answer = Fixtures.answer("authentication answers").get("cases").get(1).get("result").asText();
        try (FakeServer server = new FakeServer(s -> {
            s.readIntLE();
            s.readNul();
            s.sendNul(Json.write(ADMIN.get("messages").get(1).get("server")));
            s.sendNul(answer);
        })) {
            ReqlAuthException e = assertThrows(ReqlAuthException.class, () -> Connection.open(optionsFor(server, ADMIN)));
            assertEquals(17, e.errorCode());
            assertTrue(e.getMessage().contains("Unknown user"), e.getMessage());
        }
    }

    @Test
    void nonAuthHandshakeErrorIsAConnectionError() throws Exception {
        try (FakeServer server = new FakeServer(s -> {
            s.readIntLE();
            s.readNul();
            s.sendNul("{\"success\":false,\"error\":\"Unsupported protocol version\",\"error_code\":3}");
        })) {
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class,
                    () -> Connection.open(optionsFor(server, ADMIN)));
            assertTrue(e.getMessage().contains("Unsupported protocol version"), e.getMessage());
        }
    }

    @Test
    void v04RightAndWrongKey() throws Exception {
        JsonNode cases = Fixtures.answer("authentication answers").get("cases");
        for (int i : new int[] {2, 3}) {
            String reply = i == 2 ? cases.get(2).get("frames").get(0).get("server").asText() : cases.get(3).get("result").asText();
            try (FakeServer server = new FakeServer(s -> {
                assertEquals(0x400c2d20, s.readIntLE());
                int length = s.readIntLE();
                assertEquals("s3cret ü", new String(s.read(length), java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(0x7e6970c7, s.readIntLE());
                s.sendNul(reply);
                s.clientClosesSilently();
            })) {
                ConnectOptions options = ConnectOptions.builder().endpoint(server.endpoint()).authKey("s3cret ü").build();
                if (i == 2) {
                    try (Connection c = Connection.open(options)) {
                        assertNull(c.serverVersion());
                    }
                } else {
                    ReqlAuthException e = assertThrows(ReqlAuthException.class, () -> Connection.open(options));
                    assertTrue(e.getMessage().contains("Incorrect authorization key"), e.getMessage());
                    assertTrue(e.getMessage().contains(server.endpoint().toString()), e.getMessage());
                }
            }
        }
    }

    @Test
    void silentServerTimesOutDuringHandshake() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (FakeServer server = new FakeServer(s -> done.await(10, TimeUnit.SECONDS))) {
            ConnectOptions options = ConnectOptions.builder().endpoint(server.endpoint()).authKey("k")
                    .connectTimeout(Duration.ofMillis(300)).build();
            long start = System.nanoTime();
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class, () -> Connection.open(options));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            assertTrue(e.getMessage().contains(server.endpoint().toString()), e.getMessage());
            done.countDown();
        }
    }

    @Test
    void refusedConnectionNamesTheServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Endpoint endpoint = new Endpoint("127.0.0.1", port);
        ReqlConnectionException e = assertThrows(ReqlConnectionException.class,
                () -> Connection.open(ConnectOptions.builder().endpoint(endpoint).build()));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertEquals(io.rethinkmigrate.error.ErrorKind.CONNECTION, e.kind());
    }

    @Test
    void unknownHostNamesTheServer() {
        Endpoint endpoint = new Endpoint("no-such-host.invalid", 28015);
        ReqlConnectionException e = assertThrows(ReqlConnectionException.class,
                () -> Connection.open(ConnectOptions.builder().endpoint(endpoint).build()));
        assertTrue(e.getMessage().contains("no-such-host.invalid:28015"), e.getMessage());
    }

    // ------------------------------------------------------------------ cursors

    @Test
    void cursorStreamsRecordedBatchesAndPrefetchesOneAhead() throws Exception {
        String fixture = "read 60 orders in batches of 25 (max_batch_rows)";
        JsonNode recorded = Fixtures.answer(fixture);
        CountDownLatch continued = new CountDownLatch(1);
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            ServerSession.Query start = s.readQuery();
            assertEquals(recorded.get("query"), start.body());
            s.send(start.token(), frame(fixture, 0));
            ServerSession.Query more = s.readQuery();
            assertEquals(start.token(), more.token());
            assertEquals(Protocol.CONTINUE, more.type());
            continued.countDown();
            s.send(start.token(), frame(fixture, 1));
            assertTrue(s.clientClosesSilently(), "no STOP after the end of the sequence");
        })) {
            try (Connection c = Connection.open(optionsFor(server, ADMIN))) {
                Cursor cursor = c.cursor(ORDERS.orderBy("order_no").limit(60), GlobalOptions.none().rawFormats().maxBatchRows(25));
                // recorded: SUCCESS_PARTIAL with 30 documents, then SUCCESS_SEQUENCE with 30
                List<RawJson> first = cursor.nextBatch();
                assertEquals(30, first.size());
                // The CONTINUE for the next batch left before the caller asked for it.
                assertTrue(continued.await(5, TimeUnit.SECONDS));
                List<RawJson> last = cursor.nextBatch();
                assertEquals(30, last.size());
                assertNull(cursor.nextBatch());
                assertEquals(60, cursor.documentsRead());
                assertEquals(frame(fixture, 0).get("r").get(0), Json.parse(first.get(0)));
                assertEquals(frame(fixture, 1).get("r").get(29), Json.parse(last.get(29)));
                for (int i = 0; i < 30; i++) {
                    assertEquals(frame(fixture, 0).get("r").get(i), Json.parse(first.get(i)));
                }
                cursor.close();
            }
            server.finish();
        }
    }

    @Test
    void closingAnUnfinishedCursorSendsStop() throws Exception {
        String fixture = "read 60 orders in batches of 25 (max_batch_rows)";
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            ServerSession.Query start = s.readQuery();
            s.send(start.token(), frame(fixture, 0));
            assertEquals(Protocol.CONTINUE, s.readQuery().type());
            ServerSession.Query stop = s.readQuery();
            assertEquals(Protocol.STOP, stop.type());
            assertEquals(start.token(), stop.token());
            s.send(start.token(), frame(fixture, 1));
            s.send(start.token(), "{\"t\":2,\"r\":[]}");
            ServerSession.Query next = s.readQuery();
            s.send(next.token(), frame("count", 0));
        })) {
            try (Connection c = Connection.open(optionsFor(server, ADMIN))) {
                Cursor cursor = c.cursor(ORDERS.orderBy("order_no"), GlobalOptions.none());
                assertEquals(30, cursor.nextBatch().size());
                cursor.close();
                assertNull(cursor.nextBatch());
                assertEquals(3000, c.run(ORDERS.count()).asInt());
            }
            server.finish();
        }
    }

    @Test
    void atomArrayIsASequenceAndOtherAtomsOneElement() throws Exception {
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            ServerSession.Query q1 = s.readQuery();
            s.send(q1.token(), "{\"t\":1,\"r\":[[{\"id\":1},{\"id\":[2,3]}, \"x\" ]]}");
            ServerSession.Query q2 = s.readQuery();
            s.send(q2.token(), "{\"t\":1,\"r\":[{\"id\":1}]}");
            ServerSession.Query q3 = s.readQuery();
            s.send(q3.token(), "{\"t\":2,\"r\":[]}");
            s.clientClosesSilently();
        })) {
            try (Connection c = Connection.open(optionsFor(server, ADMIN))) {
                Cursor cursor = c.cursor(Term.db("d").table("t"), GlobalOptions.none());
                List<RawJson> batch = cursor.nextBatch();
                assertEquals(List.of("{\"id\":1}", "{\"id\":[2,3]}", "\"x\""), batch.stream().map(RawJson::toString).toList());
                assertNull(cursor.nextBatch());
                Cursor single = c.cursor(Term.db("d").table("t").nth(0), GlobalOptions.none());
                assertEquals("{\"id\":1}", single.nextBatch().get(0).toString());
                assertNull(single.nextBatch());
                Cursor empty = c.cursor(Term.db("d").table("t"), GlobalOptions.none());
                assertNull(empty.nextBatch());
                assertEquals(0, empty.documentsRead());
            }
            server.finish();
        }
    }

    // ------------------------------------------------------------------ run, pipelining, errors

    @Test
    void runGathersPartialSequencesAndAnswersOutOfOrder() throws Exception {
        String fixture = "read 60 orders in batches of 25 (max_batch_rows)";
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            ServerSession.Query a = s.readQuery();
            ServerSession.Query b = s.readQuery();
            assertNotEquals(a.token(), b.token());
            // answer the second query first
            s.send(b.token(), frame("db_list", 0));
            s.send(a.token(), frame(fixture, 0));
            assertEquals(a.token(), s.readQuery().token());
            s.send(a.token(), frame(fixture, 1));
            ServerSession.Query w = s.readQuery();
            s.send(w.token(), "{\"t\":4,\"r\":[]}");
            s.clientClosesSilently();
        })) {
            try (Connection c = Connection.open(optionsFor(server, ADMIN))) {
                CompletableFuture<JsonNode> orders = c.runAsync(ORDERS.orderBy("order_no").limit(60), GlobalOptions.none());
                CompletableFuture<JsonNode> dbs = c.runAsync(Term.dbList(), GlobalOptions.none());
                assertEquals(frame("db_list", 0).get("r").get(0), dbs.get(5, TimeUnit.SECONDS));
                JsonNode all = orders.get(5, TimeUnit.SECONDS);
                assertEquals(60, all.size());
                assertEquals(100000, all.get(0).get("order_no").asInt());
                assertTrue(c.run(Term.of(TermType.WAIT, List.of(), null)).isNull());
            }
            server.finish();
        }
    }

    @Test
    void concurrentCallersShareOneConnection() throws Exception {
        int threads = 8;
        int perThread = 40;
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            java.util.concurrent.ExecutorService answerers = java.util.concurrent.Executors.newFixedThreadPool(4);
            java.util.Random random = new java.util.Random(42);
            for (int i = 0; i < threads * perThread; i++) {
                ServerSession.Query q = s.readQuery();
                int delay = random.nextInt(3);
                answerers.submit(() -> {
                    Thread.sleep(delay);
                    // echo the datum back: answers leave in a different order than queries came
                    s.send(q.token(), "{\"t\":1,\"r\":[" + q.body().get(1) + "]}");
                    return null;
                });
            }
            answerers.shutdown();
            assertTrue(answerers.awaitTermination(10, TimeUnit.SECONDS));
            s.clientClosesSilently();
        })) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try (Connection c = Connection.open(optionsFor(server, ADMIN))) {
                List<CompletableFuture<Void>> workers = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int base = t * 1000;
                    workers.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < perThread; i++) {
                            assertEquals(base + i, c.run(Term.value(base + i)).asInt());
                        }
                    }, pool));
                }
                CompletableFuture.allOf(workers.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            server.finish();
        }
    }

    @Test
    void serverErrorsAreTyped() throws Exception {
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            s.send(s.readQuery().token(), frame("error: missing table", 0));
            s.send(s.readQuery().token(), frame("error: unknown optarg", 0));
            s.send(s.readQuery().token(), "{\"r\":[\"Unimplemented term 190\"]}");
            s.send(s.readQuery().token(), "{\"t\":16,\"r\":[\"Client is buggy\"]}");
            s.send(s.readQuery().token(), frame("error: missing db", 0));
            s.clientClosesSilently();
        })) {
            try (Connection c = Connection.open(optionsFor(server, ADMIN))) {
                ReqlServerException missing = assertThrows(ReqlServerException.class, () -> c.run(Term.db("shop").table("nope")));
                assertEquals(ResponseKind.RUNTIME_ERROR, missing.responseKind());
                assertEquals(ErrorType.OP_FAILED, missing.errorType());
                assertEquals("Table `shop.nope` does not exist.", missing.serverMessage());
                assertTrue(missing.getMessage().contains(server.endpoint().toString()));
                assertTrue(missing.getMessage().contains("Table `shop.nope` does not exist."));
                assertTrue(missing.backtrace().isArray());
                assertEquals(io.rethinkmigrate.error.ErrorKind.SERVER, missing.kind());

                ReqlServerException compile = assertThrows(ReqlServerException.class,
                        () -> c.run(ORDERS.insert(Term.datum(Json.mapper().createObjectNode()), Map.of("foo", 1))));
                assertEquals(ResponseKind.COMPILE_ERROR, compile.responseKind());
                assertEquals(ErrorType.UNKNOWN, compile.errorType());

                ReqlServerException untyped = assertThrows(ReqlServerException.class,
                        () -> c.run(ORDERS.getWriteHook()));
                assertEquals(ResponseKind.UNKNOWN, untyped.responseKind());
                assertEquals(ErrorType.UNKNOWN, untyped.errorType());
                assertTrue(untyped.getMessage().contains("Unimplemented term 190"));

                ReqlServerException client = assertThrows(ReqlServerException.class, () -> c.run(Term.dbList()));
                assertEquals(ResponseKind.CLIENT_ERROR, client.responseKind());

                // a cursor reports errors the same way
                Cursor cursor = c.cursor(Term.db("nope").table("x"), GlobalOptions.none());
                ReqlServerException viaCursor = assertThrows(ReqlServerException.class, cursor::nextBatch);
                assertEquals(ErrorType.OP_FAILED, viaCursor.errorType());
                assertTrue(c.isOpen());
            }
            server.finish();
        }
    }

    @Test
    void pendingQueriesFailWhenTheConnectionCloses() throws Exception {
        CountDownLatch received = new CountDownLatch(2);
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            s.readQuery();
            received.countDown();
            s.readQuery();
            received.countDown();
            s.clientClosesSilently();
        })) {
            Connection c = Connection.open(optionsFor(server, ADMIN));
            CompletableFuture<JsonNode> a = c.runAsync(Term.dbList(), GlobalOptions.none());
            Cursor cursor = c.cursor(ORDERS, GlobalOptions.none());
            assertTrue(received.await(5, TimeUnit.SECONDS));
            c.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> a.get(5, TimeUnit.SECONDS));
            assertInstanceOf(ReqlConnectionException.class, e.getCause());
            assertThrows(ReqlConnectionException.class, cursor::nextBatch);
            ReqlConnectionException after = assertThrows(ReqlConnectionException.class, () -> c.run(Term.dbList()));
            assertTrue(after.getMessage().contains(server.endpoint().toString()));
            server.finish();
        }
    }

    @Test
    void serverHangingUpFailsPendingQueries() throws Exception {
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            s.readQuery();
        })) {
            Connection c = Connection.open(optionsFor(server, ADMIN));
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class, () -> c.run(Term.dbList()));
            assertTrue(e.getMessage().contains(server.endpoint().toString()), e.getMessage());
            assertTrue(!c.isOpen());
            c.close();
        }
    }

    @Test
    void refusesA128MiBQueryWithoutSendingIt() throws Exception {
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            ServerSession.Query q = s.readQuery();
            assertEquals(59, q.body().get(1).get(0).asInt());  // the oversized insert never arrived
            s.send(q.token(), frame("db_list", 0));
        })) {
            try (Connection c = Connection.open(optionsFor(server, ADMIN))) {
                // 22 MiB of NUL bytes escape to 6 bytes each: over the limit once serialized.
                RawJson huge = RawJson.of(new byte[22 * 1024 * 1024]);
                ReqlClientException e = assertThrows(ReqlClientException.class,
                        () -> c.run(ORDERS.insert(Term.json(huge))));
                assertTrue(e.getMessage().contains("128 MiB"), e.getMessage());
                assertEquals(5, c.run(Term.dbList()).size());
            }
            server.finish();
        }
    }
}
