package io.rethinkmigrate.engine.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * 64-bit hashes of canonical bytes (docs/verify.md): the first 8 bytes, big-endian, of their SHA-256.
 * A document's hash covers its whole canonical form; its bucket is the first byte of the SHA-256 of
 * its primary key's canonical form, so that both sides put a key in the same bucket whatever the
 * document holds.
 */
public final class DocumentHash {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private DocumentHash() {
    }

    public static byte[] sha256(byte[] bytes) {
        MessageDigest md = SHA256.get();
        md.reset();
        return md.digest(bytes);
    }

    /** First 8 bytes of the SHA-256, big-endian. */
    public static long hash64(byte[] bytes) {
        byte[] d = sha256(bytes);
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }

    /** The key's bucket: 0..255, the first byte of its SHA-256. */
    public static int bucket(byte[] canonicalKey) {
        return canonicalKey == null ? 0 : sha256(canonicalKey)[0] & 0xff;
    }

    /** A key's position inside its bucket, to split a bucket too big for memory: SHA-256 bytes 1..4. */
    public static long slot(byte[] canonicalKey) {
        if (canonicalKey == null) {
            return 0;
        }
        byte[] d = sha256(canonicalKey);
        return ((d[1] & 0xffL) << 24) | ((d[2] & 0xffL) << 16) | ((d[3] & 0xffL) << 8) | (d[4] & 0xffL);
    }
}
