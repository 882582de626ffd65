package io.rethinkmigrate.engine.read;

import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.wire.Connection;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps the connections of a run's readers open from one key range to the next, instead of one
 * connection per range: a big table is read as hundreds of ranges, and each new connection costs a
 * login (SCRAM: 4,096 hash rounds on both sides), a TLS handshake when TLS is on, and on a busy
 * single-threaded server (reqlite) a wait for its turn before the range's query can even be sent.
 * Holds at most as many idle connections as were ever borrowed at once; a connection given back
 * broken is closed, not kept. Thread-safe.
 */
public final class ReaderConnections implements ConnectionFactory, AutoCloseable {
    private final ConnectionFactory server;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    public ReaderConnections(ConnectionFactory server) {
        this.server = server;
    }

    /** An idle open connection, or a new one. */
    @Override
    public Connection open() {
        synchronized (this) {
            while (!idle.isEmpty()) {
                Connection connection = idle.pop();
                if (connection.isOpen()) {
                    return connection;
                }
            }
        }
        return server.open(); // outside the lock: a login takes a while, and others may give back meanwhile
    }

    /** Kept for the next range if it is still open and the run goes on; closed otherwise. */
    @Override
    public void release(Connection connection) {
        synchronized (this) {
            if (!closed && connection.isOpen()) {
                idle.push(connection);
                return;
            }
        }
        connection.close();
    }

    /** Closes the idle connections; connections given back later are closed too. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.forEach(Connection::close);
            idle.clear();
        }
    }
}
