package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.ConnectionOptions;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import io.rethinkmigrate.cli.options.OutputOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `version`: the tool's version and, when a connection option (or --server) is given, the server's.
 * The server version is what a V1_0 handshake announces (2.3+ servers); the server's name and id come
 * from a SERVER_INFO query when the server answers it.
 */
@Command(name = "version", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Print the version of rethink-migrate, and the server's with a connection option or --server.",
                "A connection option (-c, --host-name, --driver-port, -u, -p, --password-file, -a, --tls-cert) "
                        + "or --server makes it connect and print the server's version, name and id.",
                "Output (stdout):",
                "  rethink-migrate VERSION",
                "  server HOST:PORT: RethinkDB SERVER_VERSION   (or: server version unknown (the server did not say))",
                "  server name NAME, id ID                      (when the server answers SERVER_INFO)"})
final class VersionCommand implements Callable<Integer> {
    static final String UNKNOWN = "server version unknown (the server did not say)";
    private static final long SERVER_INFO_TIMEOUT_SECONDS = 5;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--server", description = "connect even without a connection option "
            + "(to the server of RETHINKDB_HOST/RETHINKDB_PORT, or localhost:28015)")
    boolean server;

    @Mixin
    OutputOptions.Debug debug;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        out.println(Version.text());
        out.flush();
        if (!server && !connection.anyGiven()) {
            return ExitCode.OK.code();
        }
        ConnectOptions options = connection.toConnectOptions();
        try (Connection c = Connection.open(options)) {
            String version = c.serverVersion();
            out.println("server " + c.endpoint() + ": " + (version == null ? UNKNOWN : "RethinkDB " + version));
            String info = serverInfo(c);
            if (info != null) {
                out.println(info);
            }
        }
        out.flush();
        return ExitCode.OK.code();
    }

    /**
     * "server name NAME, id ID", or null when the server does not answer SERVER_INFO (older servers,
     * reqlite) within a few seconds. Never an error: the version is what was asked for.
     */
    private static String serverInfo(Connection c) {
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(c::serverInfo);
        try {
            JsonNode info = answer.get(SERVER_INFO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (info == null || !info.isObject() || (!info.hasNonNull("name") && !info.hasNonNull("id"))) {
                return null;
            }
            return "server name " + text(info, "name") + ", id " + text(info, "id");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrateException(ErrorKind.INTERRUPTED, "interrupted");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "?" : value.asText();
    }
}
