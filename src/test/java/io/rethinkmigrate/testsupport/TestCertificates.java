package io.rethinkmigrate.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Throw-away CAs and server certificates for TLS tests, made with the JDK's own {@code keytool} (so no
 * test dependency and no certificate checked into the repository that could expire).
 */
public final class TestCertificates {
    private static final String PASS = "changeit";

    private final Path dir;

    /** Everything is written under {@code dir} (a test's temporary directory). */
    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A CA: its key store (to sign with) and its certificate as PEM (what {@code --tls-cert} takes). */
    public record Ca(String alias, Path keyStore, Path pem) {
    }

    /** Makes a self-signed CA certificate (basic constraints CA:true). */
    public Ca ca(String alias) throws IOException {
        Path store = dir.resolve(alias + ".p12");
        Path pem = dir.resolve(alias + ".pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
                "-ext", "bc:c", "-validity", "3", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS);
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", store.toString(), "-storepass", PASS,
                "-file", pem.toString());
        return new Ca(alias, store, pem);
    }

    /**
     * A server's TLS context: a key pair whose certificate {@code ca} signs with these subject
     * alternative names (keytool syntax, e.g. {@code "ip:127.0.0.1,dns:localhost"}); the server sends
     * the chain server, CA.
     */
    public SSLContext server(String name, Ca ca, String san) throws IOException {
        return context(name, ca, san, null);
    }

    /** Like {@link #server}, and trusting only client certificates signed by {@code clientCa} (mutual TLS). */
    public SSLContext serverTrustingClients(String name, Ca ca, String san, Ca clientCa) throws IOException {
        return context(name, ca, san, clientCa);
    }

    /** A client certificate signed by {@code ca} as PEM, and its key as unencrypted PKCS#8 PEM. */
    public record Client(Path certificate, Path key) {
    }

    /** Makes a client key pair and certificate (CN {@code name}) signed by {@code ca}. */
    public Client client(String name, Ca ca) throws IOException {
        Path store = signedKeyPair(name, ca, "eku=clientAuth");
        Path signed = dir.resolve(name + ".pem");
        Path keyPem = dir.resolve(name + ".key");
        try {
            Key key = load(store).getKey(name, PASS.toCharArray()); // PKCS#8 encoded, as `BEGIN PRIVATE KEY` holds
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(keyPem, pem, java.nio.charset.StandardCharsets.US_ASCII);
            return new Client(signed, keyPem);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot export the test client key", e);
        }
    }

    /**
     * A new EC key pair {@code name} in {@code NAME.p12} (returned), its certificate signed by {@code ca} with
     * the extension {@code ext} in {@code NAME.pem}.
     */
    private Path signedKeyPair(String name, Ca ca, String ext) throws IOException {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path signed = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "3", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS);
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", PASS, "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", ca.alias(), "-keystore", ca.keyStore().toString(), "-storepass", PASS,
                "-infile", csr.toString(), "-outfile", signed.toString(), "-ext", ext, "-validity", "2");
        return store;
    }

    private SSLContext context(String name, Ca ca, String san, Ca clientCa) throws IOException {
        Path store = signedKeyPair(name, ca, "san=" + san);
        Path signed = dir.resolve(name + ".pem");
        try {
            // the chain is put together here rather than with two more keytool -importcert runs
            KeyStore generated = load(store);
            Key key = generated.getKey(name, PASS.toCharArray());
            List<Certificate> chain = new ArrayList<>(readPem(signed));
            chain.addAll(readPem(ca.pem()));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(name, key, PASS.toCharArray(), chain.toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, PASS.toCharArray());
            javax.net.ssl.TrustManager[] trust = null;
            if (clientCa != null) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                trusted.setCertificateEntry("client-ca", readPem(clientCa.pem()).get(0));
                javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trusted);
                trust = tmf.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the test server's TLS context", e);
        }
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS.toCharArray());
        }
        return ks;
    }

    private static List<Certificate> readPem(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(keytoolPath());
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool timed out: " + command);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): " + command + "\n" + Files.readString(log));
        }
    }

    /** The keytool of the JDK running the tests, else the one on PATH. */
    private static String keytoolPath() {
        Path own = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return Files.isExecutable(own) ? own.toString() : "keytool";
    }
}
