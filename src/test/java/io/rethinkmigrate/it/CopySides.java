package io.rethinkmigrate.it;

import io.rethinkmigrate.testsupport.TestServer;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Command lines for `copy` between test servers, and the second test server (RETHINKDB_TEST_SERVER2). */
final class CopySides {
    static final String ENV_SERVER2 = "RETHINKDB_TEST_SERVER2";
    static final String ENV_PASSWORD2 = "RETHINKDB_TEST_PASSWORD2";

    private CopySides() {
    }

    /** `copy --from FROM --from-password-file F --to TO --to-password-file F2` then {@code args}. */
    static String[] copy(TestServer from, String fromAddress, TestServer to, String toAddress, Path dir,
                         String... args) {
        List<String> all = new ArrayList<>(List.of("copy", "--from", fromAddress, "--from-password-file",
                passwordFile(dir, "from", from).toString(), "--to", toAddress, "--to-password-file",
                passwordFile(dir, "to", to).toString()));
        all.addAll(Arrays.asList(args));
        return all.toArray(String[]::new);
    }

    private static Path passwordFile(Path dir, String side, TestServer server) {
        try {
            Path file = dir.resolve(side + "-password");
            Files.writeString(file, server.password() == null ? "" : server.password(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Our own connection to a test server (for writers and polling while the CLI runs). */
    static Connection connect(TestServer server) {
        ConnectOptions.Builder options = ConnectOptions.builder().endpoint(new Endpoint(server.host(), server.port()))
                .user("admin");
        if (server.password() != null && !server.password().isEmpty()) {
            options.password(server.password());
        }
        return Connection.open(options.build());
    }

    /** The second server, or a skip with the reason printed. */
    static TestServer requireSecondServer() {
        Optional<String> address = Optional.ofNullable(System.getenv(ENV_SERVER2)).filter(s -> !s.isBlank());
        if (address.isEmpty()) {
            String reason = ENV_SERVER2 + " is not set (host:port of a second server, e.g. "
                    + "`bash scripts/test-server.sh start NAME2`): two-server copy test skipped";
            System.err.println("SKIPPED: " + reason);
            Assumptions.assumeTrue(false, reason);
        }
        String password = Optional.ofNullable(System.getenv(ENV_PASSWORD2)).orElse("");
        return TestServer.parse(address.get(), password, TestServer.require().isReal());
    }
}
