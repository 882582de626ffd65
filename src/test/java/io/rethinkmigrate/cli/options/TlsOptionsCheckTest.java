package io.rethinkmigrate.cli.options;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.testsupport.TestCertificates;
import io.rethinkmigrate.wire.ConnectOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The TLS options of `-c` ({@code --tls-cert}, {@code --tls}, {@code --tls-client-cert}, {@code --tls-client-key})
 * and of each side of `copy`/`verify` ({@code --from-tls-cert}, ..., {@code --to-tls-client-key}) mean the same
 * and are checked the same, each message naming the options of its own side; the other sides stay plain.
 * Each case runs once per option set: prefix {@code --} is `-c`, {@code --from-} and {@code --to-} the sides.
 */
class TlsOptionsCheckTest {
    @TempDir
    static Path dir;

    private static TestCertificates.Ca ca;
    private static TestCertificates.Client client;
    private static TestCertificates.Client other;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        ca = certs.ca("opt-ca");
        client = certs.client("opt-client", ca);
        other = certs.client("other-client", ca);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--", "--from-", "--to-"})
    void caFileAndClientCertificate(String prefix) {
        ConnectOptions o = connect(prefix, "tls-cert", ca.pem().toString(),
                "tls-client-cert", client.certificate().toString(), "tls-client-key", client.key().toString());
        assertTrue(o.usesTls());
        assertEquals(ca.pem(), o.tlsCaFile());
        assertFalse(o.tlsSystemTrust(), "verified against the CA file only");
        assertEquals(client.certificate(), o.tlsClientCert());
        assertEquals(client.key(), o.tlsClientKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--", "--from-", "--to-"})
    void tlsAloneTrustsTheSystemsCas(String prefix) {
        ConnectOptions o = connect(prefix, "tls");
        assertTrue(o.usesTls());
        assertTrue(o.tlsSystemTrust());
        assertNull(o.tlsCaFile());
        assertNull(o.tlsClientCert());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--", "--from-", "--to-"})
    void aClientCertificateAloneMeansTlsVerifiedAgainstTheSystemsCas(String prefix) {
        ConnectOptions o = connect(prefix, "tls-client-cert", client.certificate().toString(),
                "tls-client-key", client.key().toString());
        assertTrue(o.usesTls());
        assertTrue(o.tlsSystemTrust());
        assertEquals(client.certificate(), o.tlsClientCert());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--", "--from-", "--to-"})
    void aKeyNeedsItsCertificateAndACertificateItsKey(String prefix) {
        MigrateException noCert = usageError(prefix, "tls-client-key", client.key().toString());
        assertEquals(prefix + "tls-client-key needs " + prefix + "tls-client-cert", noCert.getMessage());
        MigrateException noKey = usageError(prefix, "tls-cert", ca.pem().toString(),
                "tls-client-cert", client.certificate().toString());
        assertEquals(prefix + "tls-client-cert needs " + prefix + "tls-client-key", noKey.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--", "--from-", "--to-"})
    void unusableFilesAreUsageErrorsNamingTheOptionAndTheFile(String prefix) {
        Path missingKey = dir.resolve("missing.key");
        MigrateException noKeyFile = usageError(prefix, "tls-client-cert", client.certificate().toString(),
                "tls-client-key", missingKey.toString());
        assertEquals(prefix + "tls-client-cert/" + prefix + "tls-client-key: client key " + missingKey + ": no such file",
                noKeyFile.getMessage());

        MigrateException notAKey = usageError(prefix, "tls-client-cert", client.certificate().toString(),
                "tls-client-key", ca.pem().toString());
        assertTrue(notAKey.getMessage().startsWith(prefix + "tls-client-cert/" + prefix + "tls-client-key: client key "
                + ca.pem()), notAKey.getMessage());

        MigrateException mismatched = usageError(prefix, "tls-client-cert", client.certificate().toString(),
                "tls-client-key", other.key().toString());
        assertEquals(prefix + "tls-client-cert/" + prefix + "tls-client-key: client key " + other.key()
                + " does not go with certificate " + client.certificate() + " (it is the key of another certificate)",
                mismatched.getMessage());

        Path missingCa = dir.resolve("missing-ca.pem");
        MigrateException noCa = usageError(prefix, "tls-cert", missingCa.toString(),
                "tls-client-cert", client.certificate().toString(), "tls-client-key", client.key().toString());
        assertEquals(prefix + "tls-cert " + missingCa + ": no such file", noCa.getMessage());
    }

    private static MigrateException usageError(String prefix, String... tlsArgs) {
        MigrateException e = assertThrows(MigrateException.class, () -> connect(prefix, tlsArgs));
        assertEquals(ErrorKind.USAGE, e.kind(), e.getMessage());
        return e;
    }

    /**
     * Parses `-c` and both sides with {@code tlsArgs} (option names without their prefix, then values) given to
     * the option set of {@code prefix}; returns that set's connection, having checked the other two use no TLS.
     */
    private static ConnectOptions connect(String prefix, String... tlsArgs) {
        List<String> args = new ArrayList<>(List.of("-c", "127.0.0.1:1", "--from", "127.0.0.1:2", "--to", "127.0.0.1:3"));
        for (String arg : tlsArgs) {
            args.add(arg.startsWith("tls") ? prefix + arg : arg);
        }
        AllSides sides = new AllSides();
        new CommandLine(sides).parseArgs(args.toArray(String[]::new));
        ConnectOptions c = prefix.equals("--") ? sides.connection.toConnectOptions() : null;
        ConnectOptions from = prefix.equals("--from-") ? sides.from.toConnectOptions() : null;
        ConnectOptions to = prefix.equals("--to-") ? sides.to.toConnectOptions() : null;
        for (ConnectOptions plain : new ConnectOptions[] {
                c == null ? sides.connection.toConnectOptions() : null,
                from == null ? sides.from.toConnectOptions() : null,
                to == null ? sides.to.toConnectOptions() : null}) {
            if (plain != null) {
                assertFalse(plain.usesTls(), "only " + prefix + "tls* options were given: " + plain);
            }
        }
        return c != null ? c : from != null ? from : to;
    }

    @CommandLine.Command(name = "all-sides")
    static final class AllSides {
        @CommandLine.Mixin
        ConnectionOptions connection = new ConnectionOptions(k -> null);

        @CommandLine.Mixin
        SideConnectionOptions.From from = new SideConnectionOptions.From(k -> null);

        @CommandLine.Mixin
        SideConnectionOptions.To to = new SideConnectionOptions.To(k -> null);
    }
}
