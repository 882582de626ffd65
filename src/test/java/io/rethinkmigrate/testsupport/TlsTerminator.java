package io.rethinkmigrate.testsupport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS endpoint on loopback in front of a plain test server (reqlite), as a RethinkDB server started
 * with {@code --driver-tls-key/--driver-tls-cert} (and {@code --driver-tls-ca} for client certificates)
 * would be: TLS from the first byte, the RethinkDB protocol inside, forwarded to the server as it is.
 */
public final class TlsTerminator implements Closeable {
    private final SSLServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param context           the server's key (and, for client certificates, its trust)
     * @param needClientAuth    refuse clients that present no certificate signed by the trusted CA
     */
    public TlsTerminator(SSLContext context, boolean needClientAuth, String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setNeedClientAuth(needClientAuth);
        Thread acceptor = new Thread(this::acceptLoop, "tls-terminator-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** In front of the test server given as "host:port". */
    public static TlsTerminator inFrontOf(String hostPort, SSLContext context, boolean needClientAuth) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        return new TlsTerminator(context, needClientAuth, hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)));
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections whose TLS handshake succeeded and that were forwarded to the server. */
    public int forwarded() {
        return forwarded.get();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SSLSocket client = (SSLSocket) listener.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "tls-terminator-handshake");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(SSLSocket client) {
        try {
            client.setSoTimeout(20_000);
            client.startHandshake(); // a refused client certificate fails here
            client.setSoTimeout(0);
            Socket server = new Socket();
            server.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            open.add(server);
            forwarded.incrementAndGet();
            pump(client, server);
            pump(server, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tls-terminator-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
