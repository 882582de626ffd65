package io.rethinkmigrate.wire;

import io.rethinkmigrate.testsupport.ServerSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-connection stand-in for a RethinkDB server that plays a scripted conversation; the protocol
 * plumbing is {@link ServerSession}, shared with {@link io.rethinkmigrate.testsupport.RecordedServer}.
 */
final class FakeServer implements AutoCloseable {
    interface Script {
        void play(ServerSession session) throws Exception;
    }

    private final ServerSocket listener;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Socket socket;

    FakeServer(Script script) throws IOException {
        listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket s = listener.accept()) {
                socket = s;
                s.setSoTimeout(10_000);
                script.play(new ServerSession(s.getInputStream(), s.getOutputStream()));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "fake-rethinkdb");
        thread.setDaemon(true);
        thread.start();
    }

    Endpoint endpoint() {
        return new Endpoint("127.0.0.1", listener.getLocalPort());
    }

    /** Waits for the script to end and rethrows what went wrong on the server side. */
    void finish() throws Exception {
        thread.join(TimeUnit.SECONDS.toMillis(15));
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Socket s = socket;
        if (s != null) {
            s.close();
        }
    }
}
