package io.rethinkmigrate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client certificate and key of mutual TLS, read from the PEM files operators have. */
class ClientKeysTest {
    @TempDir
    Path dir;

    @Test
    void pkcs8KeyAndCertificateMakeAKeyManager() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        TestCertificates.Client client = certs.client("unit-client", certs.ca("unit-ca"));
        KeyManager[] managers = ClientKeys.keyManagers(client.certificate(), client.key());
        X509KeyManager keys = (X509KeyManager) managers[0];
        String alias = keys.getClientAliases("EC", null)[0];
        assertEquals("CN=unit-client", keys.getCertificateChain(alias)[0].getSubjectX500Principal().getName());
    }

    @Test
    void traditionalRsaKeyFromOpensslIsReadToo() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        if (!Files.isExecutable(openssl)) {
            System.out.println("SKIPPED traditionalRsaKeyFromOpensslIsReadToo: no /usr/bin/openssl to make a PKCS#1 key");
            Assumptions.abort("no openssl");
        }
        Path key = dir.resolve("rsa.key");
        Path cert = dir.resolve("rsa.pem");
        run(openssl.toString(), "genrsa", "-traditional", "-out", key.toString(), "2048");
        assertTrue(Files.readString(key).contains("BEGIN RSA PRIVATE KEY"), "a PKCS#1 key");
        run(openssl.toString(), "req", "-new", "-x509", "-key", key.toString(), "-subj", "/CN=rsa-client",
                "-days", "1", "-out", cert.toString());
        PrivateKey read = ClientKeys.privateKey(key, "RSA");
        assertEquals("RSA", read.getAlgorithm());
        X509KeyManager keys = (X509KeyManager) ClientKeys.keyManagers(cert, key)[0];
        assertTrue(keys.getClientAliases("RSA", null).length == 1);
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedBeforeAnyConnection() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        TestCertificates.Ca ca = certs.ca("pair-ca");
        TestCertificates.Client alice = certs.client("alice", ca);
        TestCertificates.Client bob = certs.client("bob", ca);
        assertEquals(1, ClientKeys.keyManagers(alice.certificate(), alice.key()).length, "a matching pair is taken");
        IOException e = assertThrows(IOException.class, () -> ClientKeys.keyManagers(alice.certificate(), bob.key()));
        assertTrue(e.getMessage().contains("client key " + bob.key() + " does not go with certificate "
                + alice.certificate()), e.getMessage());
    }

    @Test
    void unusableKeysAreRefusedNamingTheFile() throws Exception {
        Path encrypted = Files.writeString(dir.resolve("enc.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        IOException e = assertThrows(IOException.class, () -> ClientKeys.privateKey(encrypted, "EC"));
        assertTrue(e.getMessage().contains(encrypted.toString()) && e.getMessage().contains("encrypted"), e.getMessage());
        Path none = Files.writeString(dir.resolve("none.key"), "hello");
        e = assertThrows(IOException.class, () -> ClientKeys.privateKey(none, "EC"));
        assertTrue(e.getMessage().contains("no private key in it"), e.getMessage());
        e = assertThrows(IOException.class, () -> ClientKeys.privateKey(dir.resolve("missing.key"), "EC"));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("openssl.log")));
    }
}
