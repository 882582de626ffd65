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
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One driver connection. Queries are pipelined: each gets its own token, writes are serialized, and a
 * single reader thread routes every response frame to the future waiting for its token. Safe for
 * concurrent callers.
 */
public final class Connection implements AutoCloseable {
    private final Endpoint endpoint;
    private final Socket socket;
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

    private Connection(Endpoint endpoint, Socket socket, InputStream in, OutputStream out, String serverVersion) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.serverVersion = serverVersion;
        Thread reader = new Thread(this::readLoop, "rethinkdb-reader-" + endpoint);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects (with TLS when a CA file is set) and logs in; each step must finish within the connect
     * timeout.
     */
    public static Connection open(ConnectOptions options) {
        Endpoint endpoint = options.endpoint();
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, options.connectTimeout().toMillis()));
        Socket socket = new Socket();
        try {
            socket.setKeepAlive(options.tcpKeepAlive());
            socket.setTcpNoDelay(options.tcpNoDelay());
            InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
            if (address.isUnresolved()) {
                throw new ReqlConnectionException("cannot connect to " + endpoint + ": unknown host " + endpoint.host());
            }
            socket.connect(address, timeoutMs);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ReqlConnectionException("cannot connect to " + endpoint + ": timed out after "
                    + options.connectTimeout().toMillis() + " ms", e);
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
        if (options.usesTls()) {
            // closes the socket itself when it fails
            socket = TlsSockets.handshake(socket, endpoint, options, timeoutMs);
        }
        try {
            // A server that never answers (reqlite drops V0_4 silently) must not hang us forever.
            socket.setSoTimeout(timeoutMs);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            String version = new Handshake(options, in, new BufferedOutputStream(out)).perform();
            socket.setSoTimeout(0);
            return new Connection(endpoint, socket, in, out, version);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ReqlConnectionException("no handshake answer from " + endpoint + " within "
                    + options.connectTimeout().toMillis() + " ms (is it a RethinkDB server speaking "
                    + (options.usesLegacyHandshake() ? "V0_4? V1_0-only servers such as reqlite ignore it" : "V1_0")
                    + "?)", e);
        } catch (EOFException e) {
            closeQuietly(socket);
            throw new ReqlConnectionException("server " + endpoint + " closed the connection during the handshake"
                    + clientCertificateHint(options), e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ReqlConnectionException("handshake with " + endpoint + " failed: " + e.getMessage()
                    + clientCertificateHint(options), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
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
            } catch (RuntimeException e) {
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

    /** Sends one frame whole; a broken socket fails every pending query. */
    private void write(FrameBuffer frame) {
        try {
            synchronized (writeLock) {
                out.write(frame.array(), 0, frame.frameLength());
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
                CompletableFuture<Response> waiting = pending.remove(token);
                if (waiting != null) {
                    waiting.complete(response);
                }
            }
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof EOFException ? "server closed the connection" : String.valueOf(e.getMessage());
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
            done += n;
        }
    }

    private synchronized void fail(ReqlConnectionException why) {
        if (failure == null) {
            failure = why;
        }
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
