package io.rethinkmigrate.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * The client certificate and key of mutual TLS (`--tls-client-cert`, `--tls-client-key`), from PEM
 * files as openssl and most CAs write them: the certificate (chain) as {@code CERTIFICATE} blocks, the
 * key unencrypted as PKCS#8 ({@code PRIVATE KEY}: RSA, EC or EdDSA) or PKCS#1 ({@code RSA PRIVATE KEY}).
 */
final class ClientKeys {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private ClientKeys() {
    }

    static KeyManager[] keyManagers(Path certificateFile, Path keyFile) throws IOException {
        Collection<? extends Certificate> chain;
        try {
            chain = TlsContext.certificates(certificateFile);
        } catch (IOException e) {
            throw new IOException("client certificate " + certificateFile + ": " + e.getMessage(), e);
        }
        X509Certificate leaf = (X509Certificate) chain.iterator().next();
        PrivateKey key = privateKey(keyFile, leaf.getPublicKey().getAlgorithm());
        if (!belongTogether(key, leaf)) {
            // the key store takes any pair; the server would only refuse it at the handshake, with no reason
            throw new IOException("client key " + keyFile + " does not go with certificate " + certificateFile
                    + " (it is the key of another certificate)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("client key " + keyFile + " does not go with certificate " + certificateFile
                    + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Whether the key signs what the certificate's public key verifies; true when the algorithm is not one
     * we know how to test (the handshake then decides).
     */
    static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "rethink-migrate client key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key on another curve than the certificate's
        }
    }

    /** The key of {@code keyFile}, of the algorithm of the certificate's public key. */
    static PrivateKey privateKey(Path keyFile, String algorithm) throws IOException {
        String text;
        try {
            text = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException("client key " + keyFile + ": no such file", e);
        } catch (IOException e) {
            throw new IOException("client key " + keyFile + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
        }
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            byte[] pkcs8 = switch (type) {
                case "PRIVATE KEY" -> der;
                case "RSA PRIVATE KEY" -> rsaPkcs1ToPkcs8(der);
                case "ENCRYPTED PRIVATE KEY" -> throw new IOException("client key " + keyFile
                        + ": encrypted keys are not supported (decrypt it into a file only you can read: "
                        + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem)");
                case "EC PRIVATE KEY" -> throw new IOException("client key " + keyFile
                        + ": SEC1 EC keys are not supported; convert it to PKCS#8: "
                        + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem");
                default -> null;
            };
            if (pkcs8 == null) {
                continue; // e.g. EC PARAMETERS before the key
            }
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                throw new IOException("client key " + keyFile + ": not a usable " + algorithm
                        + " key for the client certificate (" + e.getMessage() + ")", e);
            }
        }
        throw new IOException("client key " + keyFile
                + ": no private key in it (expected PEM: -----BEGIN PRIVATE KEY-----)");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: version 0, rsaEncryption, the key. */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length;
        if (n < 0x80) {
            length = new byte[] {(byte) n};
        } else if (n < 0x100) {
            length = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            length = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            length = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }
}
