package io.rethinkmigrate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.testsupport.Fixtures;
import io.rethinkmigrate.testsupport.ServerSession;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connections that go silent (packets stop, no FIN or RST: a NAT that dropped its state, a host that
 * lost power) are noticed within the idle timeout plus the probe's, slow answers are probed but not
 * cut, opening gives up within the connect timeout, and an error on the reader thread fails the
 * waiting queries instead of leaving them waiting forever.
 */
@Timeout(60)
class LivenessTest {
    private static final JsonNode ADMIN = Fixtures.handshakeVectors().get(0);
    private static final Term ORDERS = Term.db("shop").table("orders");
    private static final String DB_LIST_ANSWER = "{\"t\":1,\"r\":[[\"shop\",\"test\"]]}";
    private static final String SERVER_INFO_ANSWER = "{\"t\":5,\"r\":[{\"id\":\"5e1f\",\"name\":\"fake\",\"proxy\":false}]}";

    private static ConnectOptions.Builder options(Endpoint endpoint) {
        String clientFirst = ADMIN.get("messages").get(0).get("client").get("authentication").asText();
        return ConnectOptions.builder().endpoint(endpoint).user(ADMIN.get("user").asText())
                .password(ADMIN.get("password").asText()).clientNonce(Scram.attribute(clientFirst, 'r'))
                .connectTimeout(Duration.ofSeconds(5));
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    // ------------------------------------------------------------------ silent connections

    @Test
    void aServerThatGoesSilentMidQueryIsProbedThenGivenUp() throws Exception {
        List<Integer> received = new CopyOnWriteArrayList<>();
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            received.add(s.readQuery().type());
            received.add(s.readQuery().type()); // the probe, never answered
            s.clientClosesSilently();
        })) {
            Connection c = Connection.open(options(server.endpoint()).idleTimeout(Duration.ofSeconds(1)).build());
            CompletableFuture<JsonNode> query = c.runAsync(Term.dbList(), GlobalOptions.none());
            long start = System.nanoTime();
            ExecutionException e = assertThrows(ExecutionException.class, () -> query.get(10, TimeUnit.SECONDS));
            long took = millisSince(start);
            ReqlConnectionException lost = assertInstanceOf(ReqlConnectionException.class, e.getCause());
            assertEquals(ErrorKind.CONNECTION, lost.kind());
            assertEquals("connection to " + server.endpoint() + " lost: no answer for 2 s (--idle-timeout)", lost.getMessage());
            // 1 s of silence, then 1 s for the probe, checked every 250 ms
            assertTrue(took >= 1900 && took < 4000, "gave up after " + took + " ms");
            assertTrue(!c.isOpen());
            server.finish();
            assertEquals(List.of(Protocol.START, Protocol.SERVER_INFO), received, "the query, then one SERVER_INFO probe");
            ReqlConnectionException after = assertThrows(ReqlConnectionException.class, () -> c.run(Term.dbList()));
            assertTrue(after.getMessage().contains("lost: no answer"), after.getMessage());
        }
    }

    @Test
    void aCursorWaitingForItsNextBatchIsFailedToo() throws Exception {
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            ServerSession.Query q = s.readQuery();
            s.send(q.token(), "{\"t\":3,\"r\":[{\"id\":1},{\"id\":2}]}");
            assertEquals(Protocol.CONTINUE, s.readQuery().type()); // never answered: the link went silent
            assertEquals(Protocol.SERVER_INFO, s.readQuery().type());
            s.clientClosesSilently();
        })) {
            Connection c = Connection.open(options(server.endpoint()).idleTimeout(Duration.ofMillis(500)).build());
            Cursor cursor = c.cursor(ORDERS, GlobalOptions.none());
            assertEquals(2, cursor.nextBatch().size());
            long start = System.nanoTime();
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class, cursor::nextBatch);
            assertTrue(millisSince(start) < 3000, millisSince(start) + " ms");
            assertTrue(e.getMessage().startsWith("connection to " + server.endpoint() + " lost: no answer for "), e.getMessage());
            server.finish();
        }
    }

    @Test
    void anIdleConnectionWhoseLinkDiedIsKnownBrokenBeforeItIsUsedAgain() throws Exception {
        AtomicInteger heartbeats = new AtomicInteger();
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            ServerSession.Query first = s.readQuery(); // a heartbeat, answered: the link is fine
            heartbeats.incrementAndGet();
            s.send(first.token(), SERVER_INFO_ANSWER);
            assertEquals(Protocol.SERVER_INFO, s.readQuery().type()); // the next one is lost: the link died
            heartbeats.incrementAndGet();
            s.clientClosesSilently();
        })) {
            Connection c = Connection.open(options(server.endpoint()).idleTimeout(Duration.ofMillis(500)).build());
            long start = System.nanoTime();
            while (c.isOpen() && millisSince(start) < 5000) {
                Thread.sleep(20);
            }
            long took = millisSince(start);
            // a heartbeat after 0.5 s, answered; the next after 1 s, not answered; given up 0.5 s later
            assertTrue(!c.isOpen() && took >= 1400 && took < 3000, "open: " + c.isOpen() + " after " + took + " ms");
            assertEquals(2, heartbeats.get());
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class, () -> c.run(Term.dbList()));
            assertTrue(e.getMessage().contains("lost: no answer for 1 s (--idle-timeout)"), e.getMessage());
            server.finish();
        }
    }

    @Test
    void aSlowAnswerIsProbedButNotCut() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            ServerSession.Query query = s.readQuery();
            // like index_wait or a change feed without changes: the answer comes after 3.5 s, but
            // every probe meanwhile is answered at once
            Thread late = new Thread(() -> {
                try {
                    Thread.sleep(3500);
                    s.send(query.token(), DB_LIST_ANSWER);
                } catch (IOException | InterruptedException ignored) {
                    // the test fails on the client side
                }
            });
            late.start();
            answerProbesUntilTheClientLeaves(s, probes);
        })) {
            try (Connection c = Connection.open(options(server.endpoint()).idleTimeout(Duration.ofSeconds(1)).build())) {
                JsonNode answer = c.run(Term.dbList());
                assertEquals("[\"shop\",\"test\"]", answer.toString());
                assertTrue(c.isOpen());
                assertTrue(probes.get() >= 2, probes.get() + " probes were sent while waiting 3.5 s with --idle-timeout 1");
            }
            server.finish();
        }
    }

    @Test
    void theLegacyHandshakeIsProbedWithAStartOfOne() throws Exception {
        List<String> probes = new CopyOnWriteArrayList<>();
        try (FakeServer server = new FakeServer(s -> {
            assertEquals("admin", s.serveHandshake(user -> "admin".equals(user) ? "key" : null));
            ServerSession.Query query = s.readQuery();
            ServerSession.Query probe = s.readQuery();
            probes.add(probe.json());
            s.send(probe.token(), "{\"t\":1,\"r\":[1]}");
            s.send(query.token(), DB_LIST_ANSWER);
            s.clientClosesSilently();
        })) {
            ConnectOptions legacy = ConnectOptions.builder().endpoint(server.endpoint()).authKey("key")
                    .idleTimeout(Duration.ofMillis(500)).build();
            try (Connection c = Connection.open(legacy)) {
                assertEquals(2, c.run(Term.dbList()).size());
            }
            server.finish();
            // servers before 2.3 (the only reason to use V0_4) do not know SERVER_INFO
            assertEquals(List.of("[1,1,{}]"), probes);
        }
    }

    @Test
    void aSlowUploadIsLifeNotSilence() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        byte[] big = new byte[24 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        big[0] = '"';
        big[big.length - 1] = '"';
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(32 * 1024);
            listener.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket socket = listener.accept()) {
                    ServerSession s = new ServerSession(socket.getInputStream(), socket.getOutputStream());
                    s.replayV10(ADMIN);
                    // the query's header, then its 24 MB at about 5 MB/s (longer than idle + probe time)
                    long token = java.nio.ByteBuffer.wrap(s.read(8)).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                    int length = s.readIntLE();
                    readSlowly(socket.getInputStream(), length, 256 * 1024, 50);
                    // then 2.5 s of thinking, answering probes, before the answer
                    Thread late = new Thread(() -> {
                        try {
                            Thread.sleep(2500);
                            s.send(token, "{\"t\":1,\"r\":[{\"inserted\":1}]}");
                        } catch (IOException | InterruptedException ignored) {
                            // the client side fails the test
                        }
                    });
                    late.start();
                    answerProbesUntilTheClientLeaves(s, probes);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Endpoint endpoint = new Endpoint("127.0.0.1", listener.getLocalPort());
            try (Connection c = Connection.open(options(endpoint).idleTimeout(Duration.ofSeconds(1)).build())) {
                long start = System.nanoTime();
                JsonNode answer = c.run(ORDERS.insert(Term.json(RawJson.of(big))));
                assertEquals(1, answer.get("inserted").asInt());
                assertTrue(millisSince(start) > 2500, "the upload and the answer took " + millisSince(start) + " ms");
                assertTrue(probes.get() >= 1, "probed while the server thought");
            }
            served.get(20, TimeUnit.SECONDS);
        }
    }

    private static void readSlowly(InputStream in, int length, int chunk, long pauseMillis) throws IOException, InterruptedException {
        byte[] buffer = new byte[chunk];
        int left = length;
        while (left > 0) {
            int n = in.readNBytes(buffer, 0, Math.min(chunk, left));
            if (n == 0) {
                throw new EOFException("client closed with " + left + " bytes of the query unsent");
            }
            left -= n;
            Thread.sleep(pauseMillis);
        }
    }

    /** Answers SERVER_INFO probes at once, until the client closes the connection. */
    private static void answerProbesUntilTheClientLeaves(ServerSession s, AtomicInteger probes) throws IOException {
        try {
            while (true) {
                ServerSession.Query q = s.readQuery();
                assertEquals(Protocol.SERVER_INFO, q.type(), "only probes after the query: " + q.json());
                probes.incrementAndGet();
                s.send(q.token(), SERVER_INFO_ANSWER);
            }
        } catch (EOFException | SocketException e) {
            // the client is done
        }
    }

    // ------------------------------------------------------------------ opening

    @Test
    void aListenerThatNeverAnswersTheHandshakeFailsWithinTheConnectTimeout() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (FakeServer server = new FakeServer(s -> done.await(10, TimeUnit.SECONDS))) {
            long start = System.nanoTime();
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class,
                    () -> Connection.open(options(server.endpoint()).connectTimeout(Duration.ofSeconds(1)).build()));
            long took = millisSince(start);
            assertTrue(took >= 900 && took < 2000, took + " ms");
            assertEquals("no handshake answer from " + server.endpoint() + " within 1 s (--connect-timeout; "
                    + "is it a RethinkDB server speaking V1_0?)", e.getMessage());
            assertEquals(ErrorKind.CONNECTION, e.kind());
            done.countDown();
        }
    }

    @Test
    void aServerDribblingItsHandshakeFailsWithinTheConnectTimeoutToo() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (FakeServer server = new FakeServer(s -> {
            s.readIntLE();
            s.readNul();
            // a byte every 200 ms, never the NUL that ends the message: each read is quick, the whole is not
            for (int i = 0; i < 50 && done.getCount() > 0; i++) {
                s.out.write("{".getBytes(StandardCharsets.UTF_8));
                s.out.flush();
                Thread.sleep(200);
            }
        })) {
            long start = System.nanoTime();
            ReqlConnectionException e = assertThrows(ReqlConnectionException.class,
                    () -> Connection.open(options(server.endpoint()).connectTimeout(Duration.ofMillis(1500)).build()));
            long took = millisSince(start);
            done.countDown();
            assertTrue(took < 2500, "gave up after " + took + " ms");
            assertTrue(e.getMessage().startsWith("no handshake answer from " + server.endpoint() + " within 1.5 s"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ errors on the reader thread

    @Test
    void anErrorOnTheReaderThreadFailsTheWaitingQueriesAtOnce() throws Exception {
        try (FakeServer server = new FakeServer(s -> {
            s.replayV10(ADMIN);
            ServerSession.Query first = s.readQuery();
            s.readQuery();
            s.send(first.token(), DB_LIST_ANSWER);
            s.clientClosesSilently();
        })) {
            Connection c = Connection.open(options(server.endpoint()).idleTimeout(Duration.ZERO).build());
            OutOfMemoryError injected = new OutOfMemoryError("injected on the reader thread");
            c.frameHook = () -> {
                throw injected;
            };
            CompletableFuture<JsonNode> answered = c.runAsync(Term.dbList(), GlobalOptions.none());
            CompletableFuture<JsonNode> waiting = c.runAsync(ORDERS.count(), GlobalOptions.none());
            for (CompletableFuture<JsonNode> query : List.of(answered, waiting)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> query.get(1, TimeUnit.SECONDS));
                ReqlConnectionException broken = assertInstanceOf(ReqlConnectionException.class, e.getCause());
                assertSame(injected, broken.getCause());
                assertTrue(broken.getMessage().contains(server.endpoint() + " broken")
                        && broken.getMessage().contains("OutOfMemoryError: injected on the reader thread"), broken.getMessage());
            }
            assertTrue(!c.isOpen());
            server.finish();
        }
    }
}
