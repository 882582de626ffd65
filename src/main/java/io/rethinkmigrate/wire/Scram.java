package io.rethinkmigrate.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client side of SCRAM-SHA-256 (RFC 5802/7677) as RethinkDB's V1_0 handshake uses it: no channel
 * binding ({@code c=biws}), user name and password as UTF-8. One instance per login attempt.
 */
final class Scram {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final byte[] password;
    private final String clientNonce;
    private byte[] expectedServerSignature;

    Scram(String user, String password, String clientNonce) {
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.clientNonce = clientNonce;
    }

    static String randomNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    String clientFirstMessage() {
        return "n,," + clientFirstBare();
    }

    private String clientFirstBare() {
        return "n=" + escapeName(user) + ",r=" + clientNonce;
    }

    /** RFC 5802 saslname: '=' and ',' must not appear raw in the n= attribute. */
    static String escapeName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    /**
     * Answers the server-first message ({@code r=..,s=..,i=..}) with the client-final message, and
     * remembers the server signature to expect.
     */
    String clientFinalMessage(String serverFirst) {
        String nonce = attribute(serverFirst, 'r');
        String salt = attribute(serverFirst, 's');
        String iterations = attribute(serverFirst, 'i');
        if (nonce == null || salt == null || iterations == null) {
            throw new IllegalArgumentException("malformed SCRAM server-first message: " + serverFirst);
        }
        if (!nonce.startsWith(clientNonce)) {
            throw new IllegalArgumentException("SCRAM server nonce does not extend the client nonce");
        }
        int count;
        try {
            count = Integer.parseInt(iterations);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad SCRAM iteration count: " + iterations);
        }
        if (count < 1) {
            throw new IllegalArgumentException("bad SCRAM iteration count: " + iterations);
        }
        byte[] saltedPassword = saltedPassword(password, decodeLenient(salt), count);
        byte[] clientKey = hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.UTF_8));
        byte[] storedKey = sha256(clientKey);
        String withoutProof = "c=biws,r=" + nonce;
        byte[] authMessage = (clientFirstBare() + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverKey = hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.UTF_8));
        expectedServerSignature = hmac(serverKey, authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /** True when the server-final message ({@code v=..}) proves the server knows the password too. */
    boolean verifyServerFinal(String serverFinal) {
        if (expectedServerSignature == null) {
            throw new IllegalStateException("clientFinalMessage was not computed");
        }
        String v = attribute(serverFinal, 'v');
        if (v == null) {
            return false;
        }
        byte[] actual;
        try {
            actual = decodeLenient(v);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expectedServerSignature, actual);
    }

    static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }

    /** reqlite pads its salt with extra '='; padding and whitespace carry no data, so drop them. */
    static byte[] decodeLenient(String base64) {
        StringBuilder clean = new StringBuilder(base64.length());
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (c != '=' && !Character.isWhitespace(c)) {
                clean.append(c);
            }
        }
        return Base64.getDecoder().decode(clean.toString());
    }

    /**
     * Recently derived salted passwords, by (password digest, salt, iterations): a run opens a connection per
     * client to the same server as the same user, and the server's salt for a user does not change, so the
     * 4,096 HMAC rounds are done once per run instead of once per connection (they dominate start-up).
     */
    private static final Map<String, byte[]> SALTED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > 16;
                }
            });

    static byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
        String key = Base64.getEncoder().encodeToString(sha256(password)) + ":"
                + Base64.getEncoder().encodeToString(salt) + ":" + iterations;
        byte[] cached = SALTED.get(key);
        if (cached == null) {
            cached = pbkdf2(password, salt, iterations);
            SALTED.put(key, cached);
        }
        return cached.clone();
    }

    /** PBKDF2-HMAC-SHA256 for one 32-byte block (dkLen = hLen), all SCRAM-SHA-256 needs. */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        byte[] block = new byte[salt.length + 4];
        System.arraycopy(salt, 0, block, 0, salt.length);
        block[block.length - 1] = 1;
        Mac mac = mac(password);
        byte[] u = mac.doFinal(block);
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // The JDK refuses an empty key; HMAC pads keys with zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
