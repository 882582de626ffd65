package io.rethinkmigrate.wire;

import io.rethinkmigrate.json.RawJson;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Streaming read of a sequence. Elements are handed out as slices of the response frame, never as
 * trees. While the caller works on one batch the next one is already requested (one CONTINUE in
 * flight at most), so the server and the caller work at the same time. Not thread-safe.
 */
public final class Cursor implements AutoCloseable {
    private final Connection connection;
    private final long token;
    private CompletableFuture<Response> inFlight;
    private boolean exhausted;
    private boolean closed;
    private long documentsRead;

    Cursor(Connection connection, long token, CompletableFuture<Response> first) {
        this.connection = connection;
        this.token = token;
        this.inFlight = first;
    }

    /** The next non-empty batch, or null when the sequence is over. */
    public List<RawJson> nextBatch() {
        while (!closed && inFlight != null) {
            Response response = Connection.await(inFlight);
            inFlight = null;
            List<RawJson> batch;
            switch (response.type) {
                case Protocol.SUCCESS_PARTIAL -> {
                    inFlight = connection.sendContinue(token);
                    batch = response.results;
                }
                case Protocol.SUCCESS_SEQUENCE -> {
                    exhausted = true;
                    batch = response.results;
                }
                case Protocol.SUCCESS_ATOM -> {
                    // reqlite answers a whole table read with one atom holding an array
                    exhausted = true;
                    batch = response.firstResultElements != null ? response.firstResultElements : response.results;
                }
                case Protocol.WAIT_COMPLETE -> {
                    exhausted = true;
                    batch = List.of();
                }
                default -> {
                    exhausted = true;
                    throw connection.serverError(response);
                }
            }
            if (!batch.isEmpty()) {
                documentsRead += batch.size();
                return batch;
            }
        }
        return null;
    }

    /**
     * Waits for the server's first answer without consuming it. For a change feed this is the moment the
     * feed is open on the server: changes made after it returns are in the feed.
     */
    public void awaitFirstResponse() {
        if (!closed && inFlight != null && documentsRead == 0) {
            Connection.await(inFlight);
        }
    }

    public long documentsRead() {
        return documentsRead;
    }

    /** Sends STOP if the server still holds the sequence open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!exhausted) {
            exhausted = true;
            connection.sendStop(token);
        }
        inFlight = null;
    }
}
