package io.rethinkmigrate.testsupport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of a test server that breaks connections on demand, to test what
 * the tool does when the network or the server fails in the middle of a run.
 *
 * <p>{@link #cutAfterBytes(long)} arms a one-shot fault: once that many more bytes have gone from the
 * server to the clients (counted over all connections), every open connection is closed at once, as a
 * server restart or a dropped link would do. New connections are accepted afterwards, so a client that
 * reconnects goes on. {@link #cutNow()} does the same at once.
 *
 * <p>{@link #goSilentAfterBytes(long)} and {@link #goSilentNow()} make every open connection go silent
 * instead: nothing more is passed on in either direction and nothing is read any more, but no socket is
 * closed (no FIN, no RST), as when a NAT drops its state or the server's host loses power. New
 * connections after that are passed on normally, as a NAT that lost its state lets new ones through.
 */
public final class FaultProxy implements Closeable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** The silence flag of each connection (client and server pumps share one), while it is open. */
    private final List<AtomicBoolean> links = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesUntilCut = new AtomicLong(-1);
    private final AtomicLong bytesUntilSilence = new AtomicLong(-1);
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger silences = new AtomicInteger();
    private final AtomicInteger silenced = new AtomicInteger();
    private volatile long lastSilenceNanos;
    /** Released by {@link #close()}: silent pumps wait for it, holding their sockets open. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile long answerDelayMillis;
    private volatile boolean closed;

    public FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** In front of the test server given as "host:port". */
    public static FaultProxy inFrontOf(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        return new FaultProxy(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** "127.0.0.1:PORT", to give the tool instead of the server's address. */
    public String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every open connection once {@code bytes} more bytes have flowed from the server. */
    public void cutAfterBytes(long bytes) {
        bytesUntilCut.set(bytes);
    }

    /**
     * Holds every chunk from the server this long before passing it on, like a slow link: a test that must
     * act while a run is in the middle of a table then has time to, however fast the machine is.
     */
    public void delayAnswers(java.time.Duration delay) {
        answerDelayMillis = delay.toMillis();
    }

    /** Closes every open connection now. */
    public void cutNow() {
        cuts.incrementAndGet();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /** Makes every open connection go silent once {@code bytes} more bytes have flowed from the server. */
    public void goSilentAfterBytes(long bytes) {
        bytesUntilSilence.set(bytes);
    }

    /** Makes every open connection go silent now; later connections are passed on normally. */
    public void goSilentNow() {
        lastSilenceNanos = System.nanoTime();
        silences.incrementAndGet();
        for (AtomicBoolean link : links) {
            if (link.compareAndSet(false, true)) {
                silenced.incrementAndGet();
            }
        }
        links.clear();
    }

    /** How many times connections were made to go silent. */
    public int silences() {
        return silences.get();
    }

    /** {@link System#nanoTime()} when connections last went silent (0: never). */
    public long lastSilenceNanos() {
        return lastSilenceNanos;
    }

    /** How many connections went silent, over all silences. */
    public int silencedConnections() {
        return silenced.get();
    }

    /** How many times connections were cut. */
    public int cuts() {
        return cuts.get();
    }

    /** How many client connections were accepted so far (a client that reconnected counts again). */
    public int accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        closing.countDown();
        cutNow();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                open.add(client);
                open.add(server);
                AtomicBoolean silent = new AtomicBoolean();
                links.add(silent);
                pump(client, server, false, silent);
                pump(server, client, true, silent);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer, AtomicBoolean silent) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (fromServer && answerDelayMillis > 0) {
                        Thread.sleep(answerDelayMillis);
                    }
                    if (silent.get()) {
                        // these bytes are lost, and nothing more is read: the sender's buffers fill up
                        // and no FIN or RST ever comes, until the proxy itself is closed
                        closing.await();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    if (fromServer && countDown(bytesUntilCut, n)) {
                        cutNow();
                        return;
                    }
                    if (fromServer && countDown(bytesUntilSilence, n)) {
                        goSilentNow();
                    }
                }
            } catch (IOException e) {
                // the other side closed, or we cut: close both ends below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                links.remove(silent);
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "fault-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** True when an armed fault has just run out of bytes (disarms it). */
    private static boolean countDown(AtomicLong bytesUntilFault, int n) {
        while (true) {
            long left = bytesUntilFault.get();
            if (left < 0) {
                return false;
            }
            long next = left - n;
            if (bytesUntilFault.compareAndSet(left, next <= 0 ? -1 : next)) {
                return next <= 0;
            }
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a broken socket
        }
    }
}
