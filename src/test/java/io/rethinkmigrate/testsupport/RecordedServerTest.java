package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Cursor;
import io.rethinkmigrate.wire.ErrorType;
import io.rethinkmigrate.wire.GlobalOptions;
import io.rethinkmigrate.wire.ReqlAuthException;
import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.Term;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RecordedServerTest {
    private static final Term CUSTOMERS = Term.db("shop").table("customers");
    private static final Term ORDERS = Term.db("shop").table("orders");

    @Test
    void answersRecordedQueriesWithTheRecordedFrames() throws Exception {
        try (RecordedServer server = RecordedServer.start(); Connection c = Connection.open(server.options())) {
            assertEquals(ServerSession.SERVER_VERSION, c.serverVersion());
            JsonNode info = c.run(CUSTOMERS.info(), GlobalOptions.none().rawFormats());
            assertEquals(Fixtures.answer("info shop.customers").get("frames").get(0).get("r").get(0), info);
            assertEquals(Fixtures.answer("SERVER_INFO").get("frames").get(0).get("r").get(0), c.serverInfo());
            ReqlServerException missing = assertThrows(ReqlServerException.class, () -> c.run(Term.db("shop").table("nope")));
            assertEquals(ErrorType.OP_FAILED, missing.errorType());
            assertEquals("Table `shop.nope` does not exist.", missing.serverMessage());
            server.assertAllAnswered();
            assertEquals(List.of("[1,[79,[[15,[[14,[\"shop\"]],\"customers\"]]]],{\"time_format\":\"raw\",\"binary_format\":\"raw\"}]",
                    "[1,[15,[[14,[\"shop\"]],\"nope\"]],{}]"), server.queries());
        }
    }

    @Test
    void partialAnswersContinueOnCONTINUE() throws Exception {
        try (RecordedServer server = RecordedServer.start(); Connection c = Connection.open(server.options())) {
            Cursor cursor = c.cursor(ORDERS.orderBy("order_no").limit(60), GlobalOptions.none().rawFormats().maxBatchRows(25));
            assertEquals(30, cursor.nextBatch().size());
            assertEquals(30, cursor.nextBatch().size());
            assertNull(cursor.nextBatch());
            server.assertAllAnswered();
            List<RecordedServer.Event> received = server.events().stream()
                    .filter(e -> e.kind() == RecordedServer.Kind.RECEIVED).toList();
            assertEquals(2, received.size());
            assertEquals("[2]", received.get(1).query());
            assertEquals(received.get(0).token(), received.get(1).token());
        }
    }

    @Test
    void unknownQueriesFailNamingTheQuery() throws Exception {
        try (RecordedServer server = RecordedServer.start(); Connection c = Connection.open(server.options())) {
            ReqlServerException e = assertThrows(ReqlServerException.class, () -> c.run(ORDERS.count(), GlobalOptions.none().rawFormats()));
            assertTrue(e.getMessage().contains("no recorded or registered answer for query [1,[43,"), e.getMessage());
            assertEquals(1, server.unknownQueries().size());
            AssertionError report = assertThrows(AssertionError.class, server::assertAllAnswered);
            assertTrue(report.getMessage().contains("[1,[43,[[15,[[14,[\"shop\"]],\"orders\"]]]],{\"time_format\":\"raw\",\"binary_format\":\"raw\"}]"),
                    report.getMessage());
            // the recorded count is the one without global optargs
            assertEquals(3000, c.run(ORDERS.count()).asInt());
        }
    }

    @Test
    void registeredAnswersWinAndComputedOnesSeeTheQuery() throws Exception {
        try (RecordedServer server = RecordedServer.start()) {
            server.answer("[1, [43, [[15, [[14, [\"shop\"]], \"orders\"]]]], {}]", "{\"t\":1,\"r\":[7]}");
            server.answerWhen(q -> q.get(1).get(0).asInt() == 62, Duration.ofMillis(50),
                    q -> List.of(RecordedServer.atom("[\"only\"]")));
            try (Connection c = Connection.open(server.options())) {
                assertEquals(7, c.run(ORDERS.count()).asInt());
                assertEquals(Json.parse("[\"only\"]"), c.run(Term.db("zzz").tableList()));
                // recorded answers win over computed ones
                assertEquals(List.of("customers", "empty_table", "orders"), names(c.run(Term.db("shop").tableList())));
            }
            server.assertAllAnswered();
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void handshakeChecksPasswordsLikeARealServer() throws Exception {
        try (RecordedServer server = RecordedServer.start().user("admin", "s3cret ü").user("ünïcode_user", "pässwörd 密码")) {
            try (Connection c = Connection.open(server.options())) {
                assertTrue(c.isOpen());
            }
            ConnectOptions.Builder unicode = ConnectOptions.builder().endpoint(server.endpoint()).user("ünïcode_user");
            try (Connection c = Connection.open(unicode.password("pässwörd 密码").build())) {
                assertTrue(c.isOpen());
            }
            ReqlAuthException wrong = assertThrows(ReqlAuthException.class,
                    () -> Connection.open(unicode.password("nope").build()));
            assertEquals(12, wrong.errorCode());
            ReqlAuthException unknownUser = assertThrows(ReqlAuthException.class,
                    () -> Connection.open(ConnectOptions.builder().endpoint(server.endpoint()).user("mallory").build()));
            assertEquals(17, unknownUser.errorCode());
            // V0_4: the auth key is admin's password
            try (Connection c = Connection.open(ConnectOptions.builder().endpoint(server.endpoint()).authKey("s3cret ü").build())) {
                assertNull(c.serverVersion());
                assertEquals(3000, c.run(ORDERS.count()).asInt());
            }
            ReqlAuthException badKey = assertThrows(ReqlAuthException.class,
                    () -> Connection.open(ConnectOptions.builder().endpoint(server.endpoint()).authKey("wrong").build()));
            assertTrue(badKey.getMessage().contains("Incorrect authorization key"), badKey.getMessage());
            server.assertAllAnswered();
        }
    }
}
