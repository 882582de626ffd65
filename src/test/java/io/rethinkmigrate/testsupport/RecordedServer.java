package io.rethinkmigrate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Endpoint;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A loopback RethinkDB server that answers from the real-server recording
 * ({@code shared/fixtures/real-server-answers.json}): each START query is looked up by its exact JSON
 * ({@code [1, term, globalOptargs]}, compact, keys in the order sent) and answered with the recorded
 * frames, under the client's token. A SUCCESS_PARTIAL frame is followed by the next recorded frame when
 * the client sends CONTINUE; STOP ends the stream. Queries that are neither recorded nor registered get a
 * RUNTIME_ERROR frame naming the query (and are listed by {@link #unknownQueries()}), so a test fails
 * clearly instead of hanging.
 *
 * <p>The handshake is a real 2.4 server's ({@link ServerSession#serveHandshake}): V1_0 with real
 * SCRAM-SHA-256 for the users given (default {@code admin} with an empty password), or V0_4 checked
 * against admin's password. Any number of connections; queries of one connection may be pipelined.
 *
 * <p>Tests add answers for queries the recording lacks with {@link #answer(String, String...)} (exact
 * query) or {@link #answerWhen} (computed from the query, optionally delayed). Everything received and
 * sent is logged in order ({@link #events()}), to check the order in which a client issues queries.
 */
public final class RecordedServer implements AutoCloseable {
    /** RUNTIME_ERROR / INTERNAL: not mistaken by the engine for "this server lacks the term". */
    private static final int UNKNOWN_QUERY_ERROR = 1_000_000;
    private static final int MAX_QUERY_IN_MESSAGE = 4000;

    /** What happened on the wire. */
    public enum Kind { RECEIVED, ANSWERED }

    /**
     * One logged step: a query received (its compact JSON; {@code [2]} for CONTINUE etc.) or a frame sent
     * for it ({@code answer} is the frame's JSON).
     */
    public record Event(Kind kind, int connection, long token, String query, String answer) {
        /** The query's term type (e.g. 75 for INDEX_CREATE), or -1 for queries other than START. */
        public int termType() {
            JsonNode body = Json.parse(query);
            return body.get(0).asInt() == 1 && body.get(1).isArray() ? body.get(1).get(0).asInt() : -1;
        }
    }

    private record Computed(Predicate<JsonNode> matches, Duration delay, Function<JsonNode, List<JsonNode>> frames) {
    }

    private final ServerSocket listener;
    private final Map<String, List<JsonNode>> recorded = new HashMap<>();
    private final Map<String, List<JsonNode>> canned = new ConcurrentHashMap<>();
    private final List<Computed> computed = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> hangUps = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final List<String> unknown = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recorded-server-delayed");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    private RecordedServer(JsonNode recording, ServerSocket listener) throws IOException {
        for (JsonNode entry : recording) {
            if (entry.has("query") && entry.has("frames")) {
                recorded.putIfAbsent(Json.write(entry.get("query")), frames(entry.get("frames")));
            }
        }
        passwords.put("admin", "");
        this.listener = listener;
        Thread acceptor = new Thread(this::acceptLoop, "recorded-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server answering from {@code real-server-answers.json}; user {@code admin}, empty password. */
    public static RecordedServer start() throws IOException {
        return new RecordedServer(Fixtures.recordedAnswers(), new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /**
     * The same server speaking TLS from the first byte, as a driver port with {@code --driver-tls-cert}
     * does; {@code tls} holds the server's key and certificate chain.
     */
    public static RecordedServer startTls(SSLContext tls) throws IOException {
        return new RecordedServer(Fixtures.recordedAnswers(),
                tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** Adds or changes a user (V1_0 login; admin's password is also the V0_4 auth key). */
    public RecordedServer user(String name, String password) {
        passwords.put(name, password);
        return this;
    }

    public Endpoint endpoint() {
        return new Endpoint("127.0.0.1", listener.getLocalPort());
    }

    /** Connection options for admin with its current password. */
    public ConnectOptions options() {
        return ConnectOptions.builder().endpoint(endpoint()).user("admin").password(passwords.get("admin"))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The recorded frames for a query (compact JSON as sent), or null when it was not recorded. */
    public List<JsonNode> recordedFrames(String queryJson) {
        return recorded.get(Json.write(Json.parse(queryJson)));
    }

    /**
     * Answers this exact query (JSON text of {@code [1, term, globalOptargs]}; whitespace does not matter,
     * key order does) with these frames (JSON texts, each {@code {"t":..,"r":[..],...}}); a registered
     * answer wins over the recorded one.
     */
    public RecordedServer answer(String queryJson, String... frames) {
        List<JsonNode> list = new ArrayList<>();
        for (String f : frames) {
            list.add(Json.parse(f));
        }
        return answer(queryJson, list);
    }

    public RecordedServer answer(String queryJson, List<JsonNode> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an answer needs at least one frame");
        }
        canned.put(Json.write(Json.parse(queryJson)), List.copyOf(frames));
        return this;
    }

    /**
     * Answers every query (the whole body {@code [1, term, globalOptargs]}) that {@code matches} with the
     * frames computed from it, after {@code delay} (other queries are answered meanwhile). Checked after
     * the exact answers, in registration order.
     */
    public RecordedServer answerWhen(Predicate<JsonNode> matches, Duration delay, Function<JsonNode, List<JsonNode>> frames) {
        computed.add(new Computed(matches, delay, frames));
        return this;
    }

    /**
     * The first time this exact query arrives, the connection it came on is closed instead of answered
     * (a dropped link mid-query); later ones are answered as usual.
     */
    public RecordedServer hangUpOnce(String queryJson) {
        hangUps.put(Json.write(Json.parse(queryJson)), Boolean.TRUE);
        return this;
    }

    /** Every query received and frame sent, in order. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The START queries received, as compact JSON, in order of arrival. */
    public List<String> queries() {
        return events().stream().filter(e -> e.kind() == Kind.RECEIVED && e.query().startsWith("[1,"))
                .map(Event::query).toList();
    }

    /** Queries answered with the "no answer" error. */
    public List<String> unknownQueries() {
        return List.copyOf(unknown);
    }

    /** Fails when a query had no answer or a connection broke on the server side for another reason. */
    public void assertAllAnswered() {
        if (!unknown.isEmpty()) {
            throw new AssertionError("RecordedServer had no answer for " + unknown.size() + " quer"
                    + (unknown.size() == 1 ? "y" : "ies") + ":\n  " + String.join("\n  ", unknown));
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("RecordedServer failed: " + failures.get(0));
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** How many client connections were accepted. */
    public int connectionCount() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        delayed.shutdownNow();
    }

    // ------------------------------------------------------------------ serving

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    failures.add(e);
                }
                return;
            }
            sockets.add(socket);
            int id = connections.incrementAndGet();
            Thread t = new Thread(() -> serve(socket, id), "recorded-server-" + id);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket, int id) {
        Map<Long, Deque<JsonNode>> streams = new HashMap<>();
        try (socket) {
            ServerSession session = new ServerSession(socket.getInputStream(), socket.getOutputStream());
            if (session.serveHandshake(passwords::get) == null) {
                return;
            }
            while (true) {
                ServerSession.Query q = session.readQuery();
                String json = q.json();
                log(Kind.RECEIVED, id, q.token(), json, null);
                switch (q.type()) {
                    case 1, 5 -> start(session, id, q, json, streams);
                    case 2 -> {
                        Deque<JsonNode> rest = streams.get(q.token());
                        if (rest == null || rest.isEmpty()) {
                            send(session, id, q.token(), json, Json.parse("{\"t\":16,\"r\":[\"Token " + q.token()
                                    + " not in stream cache (RecordedServer: CONTINUE without a partial answer).\"],\"b\":[]}"));
                        } else {
                            JsonNode next = rest.poll();
                            send(session, id, q.token(), json, next);
                            if (rest.isEmpty()) {
                                streams.remove(q.token());
                            }
                        }
                    }
                    case 3 -> {
                        streams.remove(q.token());
                        send(session, id, q.token(), json, Json.parse("{\"t\":2,\"r\":[]}"));
                    }
                    case 4 -> send(session, id, q.token(), json, Json.parse("{\"t\":4,\"r\":[]}"));
                    default -> send(session, id, q.token(), json, unknown(json));
                }
            }
        } catch (EOFException | SocketException e) {
            // the client went away (or close() closed the socket): the end of this connection
        } catch (Throwable e) {
            if (!closed) {
                failures.add(e);
            }
        }
    }

    private void start(ServerSession session, int id, ServerSession.Query q, String json,
                       Map<Long, Deque<JsonNode>> streams) throws IOException {
        JsonNode globalOptargs = q.body().path(2);
        boolean noreply = globalOptargs.path("noreply").asBoolean(false);
        if (hangUps.remove(json) != null) {
            throw new SocketException("RecordedServer: hung up on " + json); // serve() closes the socket
        }
        List<JsonNode> frames = canned.get(json);
        if (frames == null) {
            frames = recorded.get(json);
        }
        Duration delay = Duration.ZERO;
        if (frames == null) {
            for (Computed c : computed) {
                if (c.matches().test(q.body())) {
                    frames = c.frames().apply(q.body());
                    delay = c.delay();
                    break;
                }
            }
        }
        if (frames == null || frames.isEmpty()) {
            frames = List.of(unknown(json));
        }
        if (noreply) {
            return;
        }
        JsonNode first = frames.get(0);
        if (frames.size() > 1) {
            streams.put(q.token(), new ArrayDeque<>(frames.subList(1, frames.size())));
        }
        if (delay.isZero()) {
            send(session, id, q.token(), json, first);
        } else {
            delayed.schedule(() -> {
                try {
                    send(session, id, q.token(), json, first);
                } catch (IOException e) {
                    if (!closed) {
                        failures.add(e);
                    }
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private JsonNode unknown(String json) {
        unknown.add(json);
        String shown = json.length() > MAX_QUERY_IN_MESSAGE ? json.substring(0, MAX_QUERY_IN_MESSAGE) + "..." : json;
        ObjectNode frame = Json.mapper().createObjectNode();
        frame.put("t", 18);
        frame.put("e", UNKNOWN_QUERY_ERROR);
        frame.putArray("r").add("RecordedServer has no recorded or registered answer for query " + shown);
        frame.putArray("b");
        return frame;
    }

    private void send(ServerSession session, int id, long token, String query, JsonNode frame) throws IOException {
        String text = Json.write(frame);
        // logged before the frame leaves, under the session's lock: once the client has it, it may react
        // on another connection at once, and that reaction must be logged after this answer
        synchronized (session.out) {
            log(Kind.ANSWERED, id, token, query, text);
            session.send(token, text);
        }
    }

    private void log(Kind kind, int connection, long token, String query, String answer) {
        synchronized (events) {
            events.add(new Event(kind, connection, token, query, answer));
        }
    }

    private static List<JsonNode> frames(JsonNode recordedFrames) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : recordedFrames) {
            out.add(f);
        }
        return out;
    }

    /** A SUCCESS_ATOM frame around one value, as the recorded ones look. */
    public static JsonNode atom(JsonNode value) {
        ObjectNode frame = Json.mapper().createObjectNode();
        frame.put("t", 1);
        ArrayNode r = frame.putArray("r");
        r.add(value);
        return frame;
    }

    /** A SUCCESS_ATOM frame around one value given as JSON text. */
    public static JsonNode atom(String valueJson) {
        return atom(Json.parse(valueJson));
    }

    /** An insert result in the server's shape (keys sorted, as the recorded ones). */
    public static JsonNode insertResult(long inserted) {
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("deleted", 0L);
        result.put("errors", 0L);
        result.put("inserted", inserted);
        result.put("replaced", 0L);
        result.put("skipped", 0L);
        result.put("unchanged", 0L);
        return atom(Json.mapper().valueToTree(result));
    }
}
