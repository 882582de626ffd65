package io.rethinkmigrate.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;

/**
 * One driver connection. Queries are pipelined: each gets its own token, writes are serialized, and a
 * single reader thread routes every response frame to the future waiting for its token. Safe for
 * concurrent callers.
 *
 * <p>Liveness: a connection that has heard nothing for the idle timeout (one waiting for an answer, or
 * an idle one) is probed with a query the server answers at once on the same connection (SERVER_INFO;
 * a START of {@code 1} on the legacy handshake, as servers before 2.3 do not know SERVER_INFO).
 * Anything received counts as life, so long server work (index_wait, a change feed waiting for
 * changes) is probed, never cut.
 * When the probe too goes unanswered for {@link ConnectOptions#probeTimeout()}, the connection is
 * lost: every waiting query fails with {@link ReqlConnectionException} and the callers' retries take
 * over. The checks run on the shared {@link Watchdog} thread; TCP keepalive with short intervals is the
 * second line (the only one with an idle timeout of zero). See docs/connections.md.
 */
public final class Connection implements AutoCloseable {
    /** Frames are written in pieces of this size; each piece after the first is progress of the link. */
    private static final int WRITE_CHUNK = 64 * 1024;
    /** TCP keepalive on every socket: first probe after this much quiet, then every 5 s, dead after 3. */
    private static final int KEEPALIVE_IDLE_SECONDS = 30;
    private static final int KEEPALIVE_INTERVAL_SECONDS = 5;
    private static final int KEEPALIVE_PROBES = 3;
    private static final int OPENING = 0;
    private static final int OPEN = 1;
    private static final int EXPIRED = 2;

    private final Endpoint endpoint;
    private final Socket socket;
    /** The TCP socket itself (under TLS, the one the TLS socket wraps): closing it ends a blocked write at once. */
    private final Socket tcpSocket;
    private final InputStream in;
    private final OutputStream out;
    private final String serverVersion;
    /**
     * Runs response handling (tree building, CONTINUE writes) off the reader thread. Shared and
     * cached: idle threads die, and a closed connection's failed futures can still be handled.
     */
    private static final Executor RESPONSE_HANDLERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread t = new Thread(runnable, "rethinkdb-response");
                t.setDaemon(true);
                return t;
            });

    private final AtomicLong tokens = new AtomicLong();
    private final Map<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    /** Set once: why the connection can no longer be used (closed by us or broken). */
    private volatile ReqlConnectionException failure;

    private final long idleNanos;
    private final long probeNanos;
    private final boolean probeWithServerInfo;
    /** The last sign of life: bytes received, or a big frame's write progressing. */
    private volatile long lastLifeNanos = System.nanoTime();
    private volatile boolean probeOutstanding;
    private volatile long probeSentNanos;
    /** The periodic liveness check, null when the idle timeout is zero. */
    private final ScheduledFuture<?> livenessCheck;
    /** Test hook: runs on the reader thread for every frame received. */
    volatile Runnable frameHook;

    private Connection(Endpoint endpoint, Socket socket, Socket tcpSocket, InputStream in, OutputStream out,
                       String serverVersion, ConnectOptions options) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.tcpSocket = tcpSocket;
        this.in = in;
        this.out = out;
        this.serverVersion = serverVersion;
        this.idleNanos = options.idleTimeout().toNanos();
        this.probeNanos = options.probeTimeout().toNanos();
        this.probeWithServerInfo = !options.usesLegacyHandshake();
        Thread reader = new Thread(this::readLoop, "rethinkdb-reader-" + endpoint);
        reader.setDaemon(true);
        reader.start();
        if (idleNanos > 0) {
            long period = Math.max(20, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(Math.min(idleNanos, probeNanos)) / 4));
            livenessCheck = Watchdog.every(period, this::checkLiveness);
        } else {
            livenessCheck = null;
        }
    }

    /**
     * Connects (with TLS when a CA file is set) and logs in, all of it within the connect timeout: a
     * server that accepts the connection and then says nothing, or dribbles, fails it in time.
     */
    public static Connection open(ConnectOptions options) {
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        Socket tcp = connectTcp(options);
        // A server that never answers (reqlite drops V0_4 silently) or answers a byte now and then must
        // not hold us past the deadline: the alarm closes the socket, which ends any read at once.
        AtomicInteger state = new AtomicInteger(OPENING);
        ScheduledFuture<?> alarm = Watchdog.after(remainingMillis(deadline), () -> {
            if (state.compareAndSet(OPENING, EXPIRED)) {
                closeQuietly(tcp);
            }
        });
        try {
            return logIn(tcp, options, deadline, state);
        } finally {
            alarm.cancel(false);
        }
    }

    /** The TCP connection, within the whole connect timeout (the handshake gets what is left of it). */
    private static Socket connectTcp(ConnectOptions options) {
        Endpoint endpoint = options.endpoint();
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, options.connectTimeout().toMillis()));
        Socket socket = new Socket();
        try {
            socket.setKeepAlive(options.tcpKeepAlive());
            if (options.tcpKeepAlive()) {
                shortenKeepAlive(socket, options);
            }
            socket.setTcpNoDelay(options.tcpNoDelay());
            InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
            if (address.isUnresolved()) {
                throw new ReqlConnectionException("cannot connect to " + endpoint + ": unknown host " + endpoint.host());
            }
            socket.connect(address, timeoutMs);
            return socket;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ReqlConnectionException("cannot connect to " + endpoint + ": timed out after "
                    + describe(options.connectTimeout()) + " (--connect-timeout)", e);
        } catch (UnknownHostException e) {
            closeQuietly(socket);
            throw new ReqlConnectionException("cannot connect to " + endpoint + ": unknown host " + endpoint.host(), e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ReqlConnectionException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /**
     * TLS (when a CA file is set) and the handshake on the connected socket, before the deadline; a
     * timeout (the alarm set {@code state} to EXPIRED) is told apart from a refusal.
     */
    private static Connection logIn(Socket tcp, ConnectOptions options, long deadline, AtomicInteger state) {
        Socket socket = tcp;
        boolean inTls = options.usesTls();
        try {
            if (inTls) {
                // closes the socket itself when it fails
                socket = TlsSockets.handshake(socket, options.endpoint(), options, remainingMillis(deadline));
                inTls = false;
            }
            socket.setSoTimeout(remainingMillis(deadline));
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            String version = new Handshake(options, in, new BufferedOutputStream(out)).perform();
            socket.setSoTimeout(0);
            if (!state.compareAndSet(OPENING, OPEN)) {
                throw new SocketTimeoutException("the connect timeout passed");
            }
            return new Connection(options.endpoint(), socket, tcp, in, out, version, options);
        } catch (ReqlConnectionException e) {
            closeQuietly(socket);
            if (state.get() == EXPIRED || e.getCause() instanceof SocketTimeoutException) {
                throw handshakeTimeout(options, inTls, e.getCause());
            }
            throw e;
        } catch (IOException e) {
            closeQuietly(socket);
            if (state.get() == EXPIRED || e instanceof SocketTimeoutException) {
                throw handshakeTimeout(options, inTls, e);
            }
            throw handshakeFailure(options, e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** What is left of the connect timeout, at least 1 ms (a socket timeout of 0 would mean forever). */
    private static int remainingMillis(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    private static ReqlConnectionException handshakeTimeout(ConnectOptions options, boolean inTls, Throwable cause) {
        Endpoint endpoint = options.endpoint();
        if (inTls) {
            return new ReqlConnectionException("TLS handshake with " + endpoint + " timed out after "
                    + describe(options.connectTimeout()) + " (--connect-timeout)", cause);
        }
        return new ReqlConnectionException("no handshake answer from " + endpoint + " within "
                + describe(options.connectTimeout()) + " (--connect-timeout; is it a RethinkDB server speaking "
                + (options.usesLegacyHandshake() ? "V0_4? V1_0-only servers such as reqlite ignore it" : "V1_0")
                + "?)", cause);
    }

    private static ReqlConnectionException handshakeFailure(ConnectOptions options, IOException e) {
        Endpoint endpoint = options.endpoint();
        if (e instanceof EOFException) {
            return new ReqlConnectionException("server " + endpoint + " closed the connection during the handshake"
                    + clientCertificateHint(options), e);
        }
        return new ReqlConnectionException("handshake with " + endpoint + " failed: " + e.getMessage()
                + clientCertificateHint(options), e);
    }

    /** "300 ms", "20 s", "1.5 s". */
    static String describe(java.time.Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0)) + " s";
    }

    /**
     * Keepalive probes after {@value #KEEPALIVE_IDLE_SECONDS} s of quiet (sooner with a shorter idle
     * timeout), every {@value #KEEPALIVE_INTERVAL_SECONDS} s, {@value #KEEPALIVE_PROBES} unanswered: the
     * kernel then breaks a connection whose peer is gone, even one that owes nothing. Where the platform
     * has no such options the system's keepalive (often 2 hours) is all there is.
     */
    private static void shortenKeepAlive(Socket socket, ConnectOptions options) {
        long idle = options.idleTimeout().isZero() ? KEEPALIVE_IDLE_SECONDS
                : Math.max(1, Math.min(KEEPALIVE_IDLE_SECONDS, options.idleTimeout().toSeconds()));
        try {
            if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) idle);
            }
            if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPINTERVAL)) {
                socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_SECONDS);
            }
            if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPCOUNT)) {
                socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the second line only: liveness probing does not depend on it
        }
    }

    /**
     * Why a TLS connection may break right after the TLS handshake: with TLS 1.3 the server checks the
     * client's certificate only then, and a refusal reaches us as a reset or a closed socket ("Broken
     * pipe"), with nothing saying that a certificate was the reason.
     */
    private static String clientCertificateHint(ConnectOptions options) {
        if (!options.usesTls()) {
            return "";
        }
        return options.tlsClientCert() == null
                ? " (a server that requires a client certificate breaks the connection this way, and none was given)"
                : " (a server that does not accept the client certificate " + options.tlsClientCert()
                        + " breaks the connection this way)";
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The version the server announced in the V1_0 handshake; null for V0_4 and reqlite. */
    public String serverVersion() {
        return serverVersion;
    }

    public boolean isOpen() {
        return failure == null;
    }

    // ---------------------------------------------------------------- queries

    public JsonNode run(Term term) {
        return run(term, GlobalOptions.none());
    }

    /** Runs a query and waits: an atom's value, a whole sequence as an array, or null for WAIT_COMPLETE. */
    public JsonNode run(Term term, GlobalOptions options) {
        return await(runAsync(term, options));
    }

    /** Like {@link #run}, without blocking; several may be in flight on this connection. */
    public CompletableFuture<JsonNode> runAsync(Term term, GlobalOptions options) {
        long token = tokens.incrementAndGet();
        CompletableFuture<Response> first = send(token, startFrame(token, term, options));
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        collect(token, first, Json.mapper().createArrayNode(), result);
        return result;
    }

    /** Streams a sequence batch by batch; see {@link Cursor}. */
    public Cursor cursor(Term term, GlobalOptions options) {
        long token = tokens.incrementAndGet();
        return new Cursor(this, token, send(token, startFrame(token, term, options)));
    }

    /** SERVER_INFO: the server's id and name (real servers only). */
    public JsonNode serverInfo() {
        long token = tokens.incrementAndGet();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        collect(token, send(token, QueryFrames.control(token, Protocol.SERVER_INFO)),
                Json.mapper().createArrayNode(), result);
        return await(result);
    }

    private void collect(long token, CompletableFuture<Response> next, ArrayNode gathered,
                         CompletableFuture<JsonNode> result) {
        // Async: tree building and the CONTINUE write stay off the reader thread.
        next.whenCompleteAsync((response, error) -> {
            try {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                    return;
                }
                switch (response.type) {
                    case Protocol.SUCCESS_ATOM, Protocol.SERVER_INFO_RESPONSE -> {
                        JsonNode value = response.firstResult();
                        result.complete(value == null ? NullNode.getInstance() : value);
                    }
                    case Protocol.SUCCESS_SEQUENCE -> {
                        addAll(gathered, response.results);
                        result.complete(gathered);
                    }
                    case Protocol.SUCCESS_PARTIAL -> {
                        addAll(gathered, response.results);
                        collect(token, send(token, QueryFrames.control(token, Protocol.CONTINUE)), gathered, result);
                    }
                    case Protocol.WAIT_COMPLETE -> result.complete(NullNode.getInstance());
                    default -> result.completeExceptionally(serverError(response));
                }
            } catch (Throwable e) { // an Error too (out of memory building the tree): the caller must not wait forever
                result.completeExceptionally(e);
            }
        }, RESPONSE_HANDLERS);
    }

    private static void addAll(ArrayNode target, List<RawJson> values) {
        for (RawJson value : values) {
            target.add(Json.parse(value));
        }
    }

    ReqlServerException serverError(Response response) {
        String message;
        if (response.type == Response.NO_TYPE && response.results.isEmpty()) {
            message = "response without a type (the server does not implement this query)";
        } else if (response.results.isEmpty()) {
            message = "error response without a message (type " + response.type + ")";
        } else {
            JsonNode first = response.firstResult();
            message = first.isTextual() ? first.textValue() : first.toString();
        }
        if (response.type == Response.NO_TYPE && !response.results.isEmpty()) {
            message = message + " (response without a type: the server does not implement this query)";
        }
        return new ReqlServerException(endpoint, ResponseKind.of(response.type), ErrorType.of(response.errorCode),
                message, response.backtrace);
    }

    private FrameBuffer startFrame(long token, Term term, GlobalOptions options) {
        try {
            return QueryFrames.start(token, term, options);
        } catch (FrameBuffer.TooLargeException e) {
            throw new ReqlClientException("query for " + endpoint + " not sent: " + e.getMessage()
                    + " (the server refuses queries of 128 MiB or more and closes the connection)");
        }
    }

    // ---------------------------------------------------------------- transport

    /** Registers the token, then writes the frame; the future completes with the server's answer. */
    CompletableFuture<Response> send(long token, FrameBuffer frame) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        ReqlConnectionException failed = failure;
        if (failed != null) {
            answer.completeExceptionally(failed);
            return answer;
        }
        pending.put(token, answer);
        if (failure != null) {  // closed while registering: failAll may have missed us
            pending.remove(token);
            answer.completeExceptionally(failure);
            return answer;
        }
        write(frame);
        return answer;
    }

    /** Abandons a cursor: the server's answer to STOP is not awaited (nobody registered the token again). */
    void sendStop(long token) {
        if (failure != null) {
            return;
        }
        write(QueryFrames.control(token, Protocol.STOP));
    }

    /**
     * Sends one frame whole; a broken socket fails every pending query. A big frame goes in pieces:
     * once the socket's send buffer is full, each piece accepted means the other end is taking data,
     * which counts as life (a slow upload is not a silent connection).
     */
    private void write(FrameBuffer frame) {
        try {
            synchronized (writeLock) {
                byte[] bytes = frame.array();
                int length = frame.frameLength();
                for (int offset = 0; offset < length; ) {
                    int n = Math.min(WRITE_CHUNK, length - offset);
                    out.write(bytes, offset, n);
                    if (offset > 0) {
                        lastLifeNanos = System.nanoTime();
                    }
                    offset += n;
                }
                out.flush();
            }
        } catch (IOException e) {
            fail(new ReqlConnectionException("connection to " + endpoint + " broken while sending: " + e.getMessage(), e));
        }
    }

    CompletableFuture<Response> sendContinue(long token) {
        return send(token, QueryFrames.control(token, Protocol.CONTINUE));
    }

    private void readLoop() {
        byte[] header = new byte[Protocol.HEADER_BYTES];
        try {
            while (true) {
                readFully(header);
                long token = 0;
                for (int i = 7; i >= 0; i--) {
                    token = (token << 8) | (header[i] & 0xffL);
                }
                long length = (header[8] & 0xffL) | (header[9] & 0xffL) << 8 | (header[10] & 0xffL) << 16
                        | (header[11] & 0xffL) << 24;
                if (length > Integer.MAX_VALUE - 16) {
                    throw new IOException("response frame of " + length + " bytes");
                }
                byte[] body = new byte[(int) length];
                readFully(body);
                Response response = Response.parse(token, body);
                Runnable hook = frameHook;
                if (hook != null) {
                    hook.run();
                }
                CompletableFuture<Response> waiting = pending.remove(token);
                if (waiting != null) {
                    waiting.complete(response);
                }
            }
        } catch (Throwable e) { // an Error too (out of memory, a bug): nobody may be left waiting for this thread
            String reason = e instanceof EOFException ? "server closed the connection"
                    : e instanceof IOException || e instanceof RuntimeException ? String.valueOf(e.getMessage())
                    : "reading failed: " + e;
            fail(new ReqlConnectionException("connection to " + endpoint + " broken: " + reason, e));
        }
    }

    private void readFully(byte[] target) throws IOException {
        int done = 0;
        while (done < target.length) {
            int n = in.read(target, done, target.length - done);
            if (n < 0) {
                throw new EOFException();
            }
            lastLifeNanos = System.nanoTime();
            done += n;
        }
    }

    // ---------------------------------------------------------------- liveness

    /**
     * Runs on the watchdog thread: probes a connection silent for the idle timeout, fails one whose probe
     * went unanswered. A connection that owes nothing is probed too (a heartbeat every idle timeout): a
     * pooled or control connection whose link died while it was idle is then known to be broken
     * ({@link #isOpen()} false) before it is used again, and its owner opens a new one.
     */
    private void checkLiveness() {
        if (failure != null) {
            if (livenessCheck != null) {
                livenessCheck.cancel(false);
            }
            return;
        }
        long now = System.nanoTime();
        long silent = now - lastLifeNanos;
        if (silent < idleNanos) {
            return;
        }
        if (!probeOutstanding) {
            probeOutstanding = true;
            probeSentNanos = now;
            // never written from the watchdog thread: a write can block on a dead link
            RESPONSE_HANDLERS.execute(this::sendProbe);
        } else if (now - probeSentNanos >= probeNanos && silent >= idleNanos + probeNanos) {
            fail(new ReqlConnectionException("connection to " + endpoint + " lost: no answer for "
                    + TimeUnit.NANOSECONDS.toSeconds(silent) + " s (--idle-timeout)"));
        }
    }

    private void sendProbe() {
        long token = tokens.incrementAndGet();
        FrameBuffer frame = probeWithServerInfo ? QueryFrames.control(token, Protocol.SERVER_INFO)
                : QueryFrames.start(token, Term.value(1), GlobalOptions.none());
        // any answer, an error too, is life; a failed connection needs no more probes either
        send(token, frame).whenComplete((answer, error) -> probeOutstanding = false);
    }

    private synchronized void fail(ReqlConnectionException why) {
        if (failure == null) {
            failure = why;
        }
        if (livenessCheck != null) {
            livenessCheck.cancel(false);
        }
        closeQuietly(tcpSocket); // first: ends a write blocked on a dead link, which TLS's close would wait for
        closeQuietly(socket);
        for (Long token : new ArrayList<>(pending.keySet())) {
            CompletableFuture<Response> waiting = pending.remove(token);
            if (waiting != null) {
                waiting.completeExceptionally(failure);
            }
        }
    }

    /** Closes the socket; queries still waiting fail with ReqlConnectionException. */
    @Override
    public void close() {
        fail(new ReqlConnectionException("connection to " + endpoint + " closed"));
    }

    // ---------------------------------------------------------------- helpers

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReqlException(io.rethinkmigrate.error.ErrorKind.INTERRUPTED,
                    "interrupted while waiting for the server", e);
        }
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static RuntimeException rethrowable(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new ReqlConnectionException(String.valueOf(cause.getMessage()), cause);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket we are abandoning
        }
    }

    @Override
    public String toString() {
        return "Connection{" + endpoint + (isOpen() ? "" : ", closed") + "}";
    }
}
