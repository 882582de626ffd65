package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of one client connection of the RethinkDB wire protocol, for fake servers in tests:
 * handshake messages, query frames in, response frames out. Used by the wire tests' scripted
 * {@code FakeServer} and by {@link RecordedServer}.
 */
public final class ServerSession {
    public static final int V1_0 = 0x34c2bdc3;
    public static final int V0_4 = 0x400c2d20;
    public static final int PROTOCOL_JSON = 0x7e6970c7;
    /** What the recorded 2.4.4 server says about itself in the first V1_0 answer. */
    public static final String SERVER_VERSION = "2.4.4-10-g8de19b";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One query frame as received: its token and its JSON body ({@code [type, term, optargs]} for START). */
    public record Query(long token, JsonNode body) {
        public int type() {
            return body.get(0).asInt();
        }

        /** The body as compact JSON, keys in the order the client sent them. */
        public String json() {
            return Json.write(body);
        }
    }

    public final InputStream in;
    public final OutputStream out;

    public ServerSession(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    // ------------------------------------------------------------------ raw bytes

    public byte[] read(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("client closed after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    public int readIntLE() throws IOException {
        return ByteBuffer.wrap(read(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** One NUL-terminated handshake message. */
    public String readNul() throws IOException {
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

    public void sendNul(String text) throws IOException {
        synchronized (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            out.flush();
        }
    }

    // ------------------------------------------------------------------ handshakes

    /** Plays the server side of a recorded V1_0 vector, checking the client sends what was recorded. */
    public void replayV10(JsonNode vector) throws IOException {
        JsonNode m = vector.get("messages");
        assertEquals(V1_0, readIntLE());
        assertEquals(m.get(0).get("client"), Json.parse(readNul()));
        sendNul(Json.write(m.get(1).get("server")));
        sendNul(Json.write(m.get(2).get("server")));
        assertEquals(m.get(3).get("client"), Json.parse(readNul()));
        sendNul(Json.write(m.get(4).get("server")));
    }

    /** Plays a recorded V1_0 vector up to the client-final message, then answers with the given text. */
    public void v10UntilFinal(JsonNode vector, String finalAnswer) throws IOException {
        JsonNode m = vector.get("messages");
        assertEquals(V1_0, readIntLE());
        readNul();
        sendNul(Json.write(m.get(1).get("server")));
        sendNul(Json.write(m.get(2).get("server")));
        readNul();
        sendNul(finalAnswer);
    }

    /**
     * The server side of a handshake the way a real 2.4 server does it: V1_0 with real SCRAM-SHA-256
     * (RFC 5802/7677; fresh nonce and salt, 4096 iterations, proof checked, server signature sent), or
     * V0_4, whose auth key a 2.3+ server checks against {@code admin}'s password. Refusals use the
     * recorded answers ("Unknown user" 17, "Wrong password" 12, "ERROR: Incorrect authorization key.").
     *
     * @param passwords the password of each user name, null for an unknown user
     * @return the user who logged in, or null when the client was refused (the session is then over)
     */
    public String serveHandshake(Function<String, String> passwords) throws IOException {
        int magic = readIntLE();
        if (magic == V0_4) {
            int length = readIntLE();
            String key = new String(read(length), StandardCharsets.UTF_8);
            int protocol = readIntLE();
            String admin = passwords.apply("admin");
            if (protocol != PROTOCOL_JSON) {
                sendNul("ERROR: Received an unsupported protocol version. This port is for RethinkDB queries.\n");
                return null;
            }
            if (admin == null || !admin.equals(key)) {
                sendNul("ERROR: Incorrect authorization key.\n");
                return null;
            }
            sendNul("SUCCESS");
            return "admin";
        }
        if (magic != V1_0) {
            sendNul("ERROR: Received an unsupported protocol version. This port is for RethinkDB queries.\n");
            return null;
        }
        JsonNode first = Json.parse(readNul());
        String clientFirst = first.path("authentication").asText();
        if (first.path("protocol_version").asInt(-1) != 0
                || !"SCRAM-SHA-256".equals(first.path("authentication_method").asText())
                || !clientFirst.startsWith("n,,")) {
            sendNul("{\"success\":false,\"error\":\"Unsupported protocol version or authentication method\",\"error_code\":3}");
            return null;
        }
        ObjectNode versions = Json.mapper().createObjectNode();
        versions.put("max_protocol_version", 0);
        versions.put("min_protocol_version", 0);
        versions.put("server_version", SERVER_VERSION);
        versions.put("success", true);
        sendNul(Json.write(versions));

        String clientFirstBare = clientFirst.substring(3);
        String user = unescapeName(attribute(clientFirstBare, 'n'));
        String clientNonce = attribute(clientFirstBare, 'r');
        String password = passwords.apply(user);
        if (password == null) {
            sendNul("{\"error\":\"Unknown user\",\"error_code\":17,\"success\":false}");
            return null;
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] serverNonce = new byte[18];
        RANDOM.nextBytes(serverNonce);
        int iterations = 4096;
        String serverFirst = "r=" + clientNonce + Base64.getEncoder().encodeToString(serverNonce)
                + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        sendNul("{\"authentication\":" + Json.write(Json.mapper().getNodeFactory().textNode(serverFirst))
                + ",\"success\":true}");

        String clientFinal = Json.parse(readNul()).path("authentication").asText();
        int proofAt = clientFinal.lastIndexOf(",p=");
        String withoutProof = proofAt < 0 ? clientFinal : clientFinal.substring(0, proofAt);
        byte[] proof = proofAt < 0 ? new byte[0] : Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        byte[] saltedPassword = pbkdf2(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] storedKey = sha256(clientKey);
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = hmac(storedKey, authMessage);
        boolean ok = proof.length == clientKey.length
                && withoutProof.equals("c=biws,r=" + attribute(serverFirst, 'r'));
        if (ok) {
            byte[] recoveredKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                recoveredKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            ok = MessageDigest.isEqual(storedKey, sha256(recoveredKey));
        }
        if (!ok) {
            sendNul("{\"error\":\"Wrong password\",\"error_code\":12,\"success\":false}");
            return null;
        }
        byte[] serverSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
        sendNul("{\"authentication\":\"v=" + Base64.getEncoder().encodeToString(serverSignature) + "\",\"success\":true}");
        return user;
    }

    // ------------------------------------------------------------------ queries

    public Query readQuery() throws IOException {
        long token = ByteBuffer.wrap(read(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int length = readIntLE();
        return new Query(token, Json.parse(new String(read(length), StandardCharsets.UTF_8)));
    }

    public void send(long token, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(token).putInt(body.length);
        synchronized (out) {
            out.write(header.array());
            out.write(body);
            out.flush();
        }
    }

    public void send(long token, JsonNode frame) throws IOException {
        send(token, Json.write(frame));
    }

    /** True if the client closes without sending anything more. */
    public boolean clientClosesSilently() throws IOException {
        return in.read() < 0;
    }

    // ------------------------------------------------------------------ SCRAM helpers

    static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return "";
    }

    private static String unescapeName(String name) {
        return name.replace("=2C", ",").replace("=3D", "=");
    }

    /**
     * The JDK's own PBKDF2 (it encodes the password as UTF-8), not the client's: the fake server checks
     * our SCRAM code with an independent implementation.
     */
    private static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        try {
            char[] chars = new String(password, java.nio.charset.StandardCharsets.UTF_8).toCharArray();
            javax.crypto.SecretKeyFactory factory = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return factory.generateSecret(new javax.crypto.spec.PBEKeySpec(chars, salt, iterations, 256)).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // HMAC pads keys with zeros: an empty key is the same as one zero byte, which the JDK accepts.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
