package io.rethinkmigrate.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Logs into a freshly opened socket: V1_0 (SCRAM-SHA-256) or, when an auth key is given, the legacy
 * V0_4. Returns the server version when the server tells it. IO failures propagate as IOException for
 * the caller to word; refusals become ReqlAuthException / ReqlConnectionException here.
 */
final class Handshake {
    /** Handshake messages are short; a longer one means we are not talking to RethinkDB. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final ConnectOptions options;
    private final InputStream in;
    private final OutputStream out;

    Handshake(ConnectOptions options, InputStream in, OutputStream out) {
        this.options = options;
        this.in = in;
        this.out = out;
    }

    /** @return the server's version string, or null when it did not say */
    String perform() throws IOException {
        return options.usesLegacyHandshake() ? legacyV04() : scramV10();
    }

    private String legacyV04() throws IOException {
        byte[] key = options.authKey().getBytes(StandardCharsets.UTF_8);
        if (key.length > 2048) {
            throw new ReqlAuthException("auth key for " + options.endpoint() + " is longer than 2048 bytes", 0);
        }
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        writeIntLE(msg, Protocol.V0_4);
        writeIntLE(msg, key.length);
        msg.write(key);
        writeIntLE(msg, Protocol.PROTOCOL_JSON);
        out.write(msg.toByteArray());
        out.flush();
        String answer = readNulTerminated().trim();
        if (answer.equals("SUCCESS")) {
            return null;
        }
        String text = "server " + options.endpoint() + " refused the connection: " + answer;
        if (answer.toLowerCase().contains("auth")) {
            throw new ReqlAuthException(text, 0);
        }
        throw new ReqlConnectionException(text);
    }

    private String scramV10() throws IOException {
        String nonce = options.clientNonce() != null ? options.clientNonce() : Scram.randomNonce();
        Scram scram = new Scram(options.user(), options.password(), nonce);
        sendMagicAndClientFirst(scram);
        JsonNode serverVersion = readProtocolVersions();
        String serverFirst = readJsonMessage().path("authentication").asText("");
        sendClientFinal(scram, serverFirst);
        String serverFinal = readJsonMessage().path("authentication").asText("");
        if (!scram.verifyServerFinal(serverFinal)) {
            throw new ReqlAuthException("authentication with " + options.endpoint()
                    + " failed: server signature mismatch (not the server we meant, or a broken one)", 0);
        }
        return serverVersion == null || serverVersion.isNull() ? null : serverVersion.asText();
    }

    private void sendMagicAndClientFirst(Scram scram) throws IOException {
        ObjectNode first = Json.mapper().createObjectNode();
        first.put("protocol_version", 0);
        first.put("authentication_method", "SCRAM-SHA-256");
        first.put("authentication", scram.clientFirstMessage());
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        writeIntLE(msg, Protocol.V1_0);
        msg.write(Json.write(first).getBytes(StandardCharsets.UTF_8));
        msg.write(0);
        // Both the magic and the first message go at once: the server reads them in order anyway.
        out.write(msg.toByteArray());
        out.flush();
    }

    /** The server's first message: the protocol versions it speaks (we only 0), and its version (or null). */
    private JsonNode readProtocolVersions() throws IOException {
        JsonNode versions = readJsonMessage();
        int min = versions.path("min_protocol_version").asInt(0);
        int max = versions.path("max_protocol_version").asInt(0);
        if (min > 0 || max < 0) {
            throw new ReqlConnectionException("server " + options.endpoint() + " speaks protocol versions "
                    + min + "-" + max + ", this client only 0");
        }
        return versions.get("server_version");
    }

    private void sendClientFinal(Scram scram, String serverFirst) throws IOException {
        String clientFinal;
        try {
            clientFinal = scram.clientFinalMessage(serverFirst);
        } catch (IllegalArgumentException e) {
            throw new ReqlAuthException("authentication with " + options.endpoint() + " failed: "
                    + e.getMessage(), 0);
        }
        ObjectNode finalMsg = Json.mapper().createObjectNode();
        finalMsg.put("authentication", clientFinal);
        out.write(Json.write(finalMsg).getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.flush();
    }

    /** Reads one V1_0 server message; {@code success:false} becomes the matching exception. */
    private JsonNode readJsonMessage() throws IOException {
        String text = readNulTerminated();
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (UncheckedIOException e) {
            // Old servers answer an unknown magic with plain text, e.g. "ERROR: Received an unsupported ..."
            throw new ReqlConnectionException("server " + options.endpoint() + " answered the handshake with: "
                    + text.trim());
        }
        if (node == null || !node.isObject()) {
            throw new ReqlConnectionException("server " + options.endpoint() + " sent a malformed handshake message");
        }
        if (!node.path("success").asBoolean(false)) {
            String error = node.path("error").asText("(no error text)");
            int code = node.path("error_code").asInt(0);
            if (code >= 10 && code <= 20) {
                throw new ReqlAuthException("server " + options.endpoint() + " refused user '" + options.user()
                        + "': " + error + " (error_code " + code + ")", code);
            }
            throw new ReqlConnectionException("server " + options.endpoint() + " refused the handshake: "
                    + error + " (error_code " + code + ")");
        }
        return node;
    }

    private String readNulTerminated() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("server closed the connection during the handshake");
            }
            if (b == 0) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            if (bytes.size() >= MAX_MESSAGE_BYTES) {
                throw new ReqlConnectionException("server " + options.endpoint()
                        + " sent an oversized handshake message: not a RethinkDB server?");
            }
            bytes.write(b);
        }
    }

    static void writeIntLE(OutputStream out, int value) throws IOException {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
