package io.rethinkmigrate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A one-connection stand-in for a RethinkDB server that plays a scripted conversation. */
final class FakeServer implements AutoCloseable {
    interface Script {
        void play(Session session) throws Exception;
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
                script.play(new Session(s.getInputStream(), s.getOutputStream()));
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

    record Query(long token, JsonNode body) {
        int type() {
            return body.get(0).asInt();
        }
    }

    static final class Session {
        final InputStream in;
        final OutputStream out;

        Session(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        byte[] read(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new EOFException("client closed after " + b.length + " of " + n + " bytes");
            }
            return b;
        }

        int readIntLE() throws IOException {
            return ByteBuffer.wrap(read(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }

        String readNul() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) > 0) {
                bytes.write(b);
            }
            if (b < 0) {
                throw new EOFException("client closed during handshake");
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        void sendNul(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            out.flush();
        }

        /** Plays the server side of a recorded V1_0 vector, checking the client sends what was recorded. */
        void replayV10(JsonNode vector) throws IOException {
            JsonNode m = vector.get("messages");
            assertEquals(0x34c2bdc3, readIntLE());
            assertEquals(m.get(0).get("client"), Json.parse(readNul()));
            sendNul(Json.write(m.get(1).get("server")));
            sendNul(Json.write(m.get(2).get("server")));
            assertEquals(m.get(3).get("client"), Json.parse(readNul()));
            sendNul(Json.write(m.get(4).get("server")));
        }

        /** Plays up to the client-final message, then answers with the given text. */
        void v10UntilFinal(JsonNode vector, String finalAnswer) throws IOException {
            JsonNode m = vector.get("messages");
            assertEquals(0x34c2bdc3, readIntLE());
            readNul();
            sendNul(Json.write(m.get(1).get("server")));
            sendNul(Json.write(m.get(2).get("server")));
            readNul();
            sendNul(finalAnswer);
        }

        Query readQuery() throws IOException {
            long token = ByteBuffer.wrap(read(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            int length = readIntLE();
            return new Query(token, Json.parse(new String(read(length), StandardCharsets.UTF_8)));
        }

        void send(long token, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(token).putInt(body.length);
            synchronized (out) {
                out.write(header.array());
                out.write(body);
                out.flush();
            }
        }

        void send(long token, JsonNode frame) throws IOException {
            send(token, Json.write(frame));
        }

        /** True if the client closes without sending anything more. */
        boolean clientClosesSilently() throws IOException {
            return in.read() < 0;
        }
    }
}
