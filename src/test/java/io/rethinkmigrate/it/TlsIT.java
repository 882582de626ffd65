package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.TableWriter;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.testsupport.Canonical;
import io.rethinkmigrate.testsupport.CliResult;
import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.JsDriver;
import io.rethinkmigrate.testsupport.TestCertificates;
import io.rethinkmigrate.testsupport.TlsTerminator;
import io.rethinkmigrate.testsupport.TestServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS options through the real command line, against a loopback TLS endpoint in front of the test
 * server (as a server started with --driver-tls-cert/--driver-tls-key, and --driver-tls-ca for client
 * certificates): CA file, the system trust store (--tls), mutual TLS, and a certificate for another host.
 */
class TlsIT {
    @TempDir
    static Path certDir;

    private static TestCertificates.Ca ca;
    private static TestCertificates.Ca clientCa;
    private static TestCertificates.Client client;
    private static TestCertificates.Client strangerClient;
    private static SSLContext serverForIp;
    private static SSLContext serverForOtherHost;
    private static SSLContext serverNeedingClients;

    @TempDir
    Path dir;

    private TestServer server;
    private JsDriver js;
    private String db;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certs = new TestCertificates(certDir);
        ca = certs.ca("it-ca");
        clientCa = certs.ca("it-client-ca");
        client = certs.client("it-client", clientCa);
        strangerClient = certs.client("it-stranger", ca); // a CA the server does not take client certificates from
        serverForIp = certs.server("it-server", ca, "ip:127.0.0.1,dns:localhost");
        serverForOtherHost = certs.server("it-elsewhere", ca, "dns:db.elsewhere.example");
        serverNeedingClients = certs.serverTrustingClients("it-mtls", ca, "ip:127.0.0.1", clientCa);
    }

    @BeforeEach
    void setUp() {
        server = TestServer.require();
        js = new JsDriver(server);
        db = TestServer.uniqueName("rm_tls");
    }

    @AfterEach
    void drop() {
        if (js != null) {
            js.dropDb(db);
        }
    }

    @Test
    void restoreOverTlsVerifiedWithTheCaFile() throws Exception {
        Path archive = archive(300);
        try (TlsTerminator tls = TlsTerminator.inFrontOf(server.address(), serverForIp, false)) {
            CliResult r = new CliRunner().run(args(tls, "restore", archive.toString(), "--tls-cert", ca.pem().toString()));
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(tls.forwarded() >= 2, "the restore went through the TLS endpoint");
        }
        assertEquals(300, js.count(db, "t"));
        assertEquals(Canonical.canonicalForJsAll(sortedDocs(300)), sorted(Canonical.canonicalForJsAll(js.dump(db, "t"))));
    }

    @Test
    void tlsWithTheSystemTrustStoreTrustsWhatTheJvmTrusts() throws Exception {
        try (TlsTerminator tls = TlsTerminator.inFrontOf(server.address(), serverForIp, false)) {
            CliResult refused = new CliRunner().run(args(tls, "version", "--tls"));
            assertEquals(3, refused.exitCode(), refused.describe());
            assertTrue(refused.stderr().contains("not trusted by the system's trusted CAs"), refused.stderr());

            Path store = trustStore();
            CliResult trusted = new CliRunner().jvmArg("-Djavax.net.ssl.trustStore=" + store)
                    .jvmArg("-Djavax.net.ssl.trustStorePassword=changeit").jvmArg("-Djavax.net.ssl.trustStoreType=PKCS12")
                    .run(args(tls, "version", "--tls"));
            assertEquals(0, trusted.exitCode(), trusted.describe());
            assertTrue(trusted.stdout().contains("server 127.0.0.1:" + tls.port()), trusted.stdout());
        }
    }

    @Test
    void mutualTlsNeedsTheClientCertificate() throws Exception {
        try (TlsTerminator tls = TlsTerminator.inFrontOf(server.address(), serverNeedingClients, true)) {
            CliResult withCert = new CliRunner().run(args(tls, "version", "--tls-cert", ca.pem().toString(),
                    "--tls-client-cert", client.certificate().toString(), "--tls-client-key", client.key().toString()));
            assertEquals(0, withCert.exitCode(), withCert.describe());
            assertTrue(withCert.stdout().contains("server 127.0.0.1:" + tls.port()), withCert.stdout());

            CliResult without = new CliRunner().run(args(tls, "version", "--tls-cert", ca.pem().toString()));
            assertEquals(3, without.exitCode(), "refused without a client certificate: " + without.describe());
            assertTrue(without.stderr().contains("127.0.0.1:" + tls.port()), without.stderr());
            assertTrue(without.stderr().contains("requires a client certificate"), "says why: " + without.stderr());

            CliResult stranger = new CliRunner().run(args(tls, "version", "--tls-cert", ca.pem().toString(),
                    "--tls-client-cert", strangerClient.certificate().toString(),
                    "--tls-client-key", strangerClient.key().toString()));
            assertEquals(3, stranger.exitCode(), "refused with a certificate of another CA: " + stranger.describe());
            assertTrue(stranger.stderr().contains("does not accept the client certificate "
                    + strangerClient.certificate()), "names the certificate: " + stranger.stderr());
            assertEquals(3, tls.forwarded() + 2, "only the client with the right certificate got through");
        }
    }

    /** `copy` and `verify` from a source that requires client certificates into a plain target. */
    @Test
    void copyFromAMutualTlsSourceWithTheSidesClientCertificate() throws Exception {
        String db2 = TestServer.uniqueName("rm_tls");
        try {
            js.load(db, "t", "id", sortedDocs(200));
            List<String> before = sorted(Canonical.canonicalForJsAll(js.dump(db, "t")));
            assertEquals(200, before.size(), "source loaded");
            try (TlsTerminator tls = TlsTerminator.inFrontOf(server.address(), serverNeedingClients, true)) {
                CliResult copy = new CliRunner().run(sides(tls, "copy", "-e", db, "--rename", db + "=" + db2, "-q",
                        "--from-tls-cert", ca.pem().toString(),
                        "--from-tls-client-cert", client.certificate().toString(),
                        "--from-tls-client-key", client.key().toString()));
                assertEquals(0, copy.exitCode(), copy.describe());
                assertTrue(tls.forwarded() >= 1, "the source was read through the TLS endpoint");
                assertEquals(before, sorted(Canonical.canonicalForJsAll(js.dump(db2, "t"))));

                CliResult verify = new CliRunner().run(sides(tls, "verify", "-e", db,
                        "--from-tls-cert", ca.pem().toString(),
                        "--from-tls-client-cert", client.certificate().toString(),
                        "--from-tls-client-key", client.key().toString()));
                assertEquals(0, verify.exitCode(), "the source through TLS equals itself read plainly: " + verify.describe());
            }
        } finally {
            js.dropDb(db2);
        }
        assertEquals(200, js.count(db, "t"), "the source is untouched");
    }

    @Test
    void copyFromAMutualTlsSourceWithoutTheClientCertificateFailsNamingTheSide() throws Exception {
        String db2 = TestServer.uniqueName("rm_tls");
        js.load(db, "t", "id", sortedDocs(5));
        try (TlsTerminator tls = TlsTerminator.inFrontOf(server.address(), serverNeedingClients, true)) {
            CliResult refused = new CliRunner().run(sides(tls, "copy", "-e", db, "--rename", db + "=" + db2, "-q",
                    "--from-tls-cert", ca.pem().toString()));
            assertEquals(3, refused.exitCode(), "refused without a client certificate: " + refused.describe());
            assertTrue(refused.stderr().contains("127.0.0.1:" + tls.port()), refused.stderr());
            assertTrue(refused.stderr().contains("requires a client certificate"), "says why: " + refused.stderr());
            assertEquals(1, refused.stderr().strip().lines().count(), "one line: " + refused.stderr());

            CliResult keyOnly = new CliRunner().run(sides(tls, "copy", "-e", db, "--rename", db + "=" + db2, "-q",
                    "--from-tls-cert", ca.pem().toString(), "--from-tls-client-key", client.key().toString()));
            assertEquals(2, keyOnly.exitCode(), keyOnly.describe());
            assertTrue(keyOnly.stderr().contains("--from-tls-client-key needs --from-tls-client-cert"), keyOnly.stderr());
            assertEquals(0, tls.forwarded(), "nothing got through");
        }
        assertFalse(js.tables().stream().anyMatch(t -> t.startsWith(db2 + ".")), "nothing copied");
    }

    @Test
    void clientKeyWithoutCertificateIsAUsageError() throws Exception {
        CliResult r = new CliRunner().run("version", "-c", "127.0.0.1:1", "--tls-client-key", client.key().toString());
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("--tls-client-key needs --tls-client-cert"), r.stderr());
    }

    @Test
    void certificateForAnotherHostIsRefusedNamingTheHost() throws Exception {
        Path archive = archive(10);
        try (TlsTerminator tls = TlsTerminator.inFrontOf(server.address(), serverForOtherHost, false)) {
            CliResult r = new CliRunner().run(args(tls, "restore", archive.toString(), "--tls-cert", ca.pem().toString()));
            assertEquals(3, r.exitCode(), r.describe());
            assertTrue(r.stderr().contains("does not match the host name 127.0.0.1"), r.stderr());
            assertEquals(0, tls.forwarded(), "nothing was sent to a server that is not the one named");
        }
        assertFalse(js.tables().stream().anyMatch(t -> t.startsWith(db + ".")), "nothing restored");
    }

    private String[] args(TlsTerminator tls, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        List<String> connect = server.connectArgs();
        all.addAll(List.of("-c", "127.0.0.1:" + tls.port(), "--password-file",
                connect.get(connect.indexOf("--password-file") + 1)));
        return all.toArray(String[]::new);
    }

    /** `--from` the TLS endpoint, `--to` the test server itself (plain), with its password file for both sides. */
    private String[] sides(TlsTerminator tls, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        List<String> connect = server.connectArgs();
        String passwordFile = connect.get(connect.indexOf("--password-file") + 1);
        all.addAll(List.of("--from", "127.0.0.1:" + tls.port(), "--from-password-file", passwordFile,
                "--to", server.address(), "--to-password-file", passwordFile));
        return all.toArray(String[]::new);
    }

    private Path archive(int count) throws Exception {
        Path archive = dir.resolve("tls.tar.gz");
        try (ArchiveWriter writer = OfficialArchiveWriter.toFile(archive, "rethinkdb_dump_tls", ArchiveWriterOptions.defaults())) {
            TableInfo info = TableInfo.parse("{\"db\":{\"name\":\"" + db + "\"},\"name\":\"t\",\"primary_key\":\"id\",\"indexes\":[]}");
            try (TableWriter out = writer.openTable(new TableId(db, "t"), info)) {
                for (String doc : sortedDocs(count)) {
                    out.write(RawJson.of(doc));
                }
                out.finish();
            }
            writer.commit();
        }
        return archive;
    }

    private static List<String> sortedDocs(int count) {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            docs.add("{\"id\":" + i + ",\"name\":\"doc " + i + "\",\"list\":[1,2," + i + "]}");
        }
        return sorted(Canonical.canonicalAll(docs));
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }

    /** A PKCS12 trust store holding the test CA, to stand in for the system's. */
    private Path trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (var in = Files.newInputStream(ca.pem())) {
            store.setCertificateEntry("it-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path file = dir.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        return file;
    }
}
