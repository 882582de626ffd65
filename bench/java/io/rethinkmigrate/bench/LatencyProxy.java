package io.rethinkmigrate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy that delivers everything the server sends {@code delay} milliseconds after it arrived,
 * without holding up what comes next (as a long link does, unlike a proxy that sleeps before each
 * write): to measure what round trips cost a command, e.g. the metadata read per table.
 *
 * <pre>java -cp target/bench:target/rethink-migrate.jar io.rethinkmigrate.bench.LatencyProxy LISTEN_PORT HOST:PORT DELAY_MS</pre>
 */
public final class LatencyProxy {
    private record Chunk(byte[] bytes, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Chunk) other).dueNanos);
        }
    }

    public static void main(String[] args) throws IOException {
        int listenPort = Integer.parseInt(args[0]);
        String host = args[1].substring(0, args[1].lastIndexOf(':'));
        int port = Integer.parseInt(args[1].substring(args[1].lastIndexOf(':') + 1));
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2]));
        try (ServerSocket listener = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress())) {
            System.err.println("latency proxy: 127.0.0.1:" + listenPort + " -> " + args[1] + ", answers delayed " + args[2] + " ms");
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                pump(client, server, 0);
                pump(server, client, delayNanos);
            }
        }
    }

    /** Copies from one socket to the other on two threads: a reader stamping chunks, a writer waiting for them. */
    private static void pump(Socket from, Socket to, long delayNanos) {
        DelayQueue<Chunk> chunks = new DelayQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    chunks.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
                }
            } catch (IOException ignored) {
                // the other side went away
            }
            chunks.add(new Chunk(new byte[0], System.nanoTime() + delayNanos)); // the end, after the rest
        });
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = chunks.take();
                    if (chunk.bytes().length == 0) {
                        break;
                    }
                    out.write(chunk.bytes());
                }
            } catch (IOException | InterruptedException ignored) {
                // the other side went away
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }
}
