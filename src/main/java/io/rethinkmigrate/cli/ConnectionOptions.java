package io.rethinkmigrate.cli;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Endpoint;
import io.rethinkmigrate.wire.TlsContext;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The connection options of the official tools, same names and meaning, plus `-a/--auth` for servers
 * older than 2.3. Defaults come from RETHINKDB_HOSTNAME, RETHINKDB_DRIVER_PORT and RETHINKDB_USER as
 * with the official tools.
 */
public final class ConnectionOptions {
    @Option(names = {"-c", "--connect"}, paramLabel = "HOST:PORT",
            description = "host and client port of a rethinkdb node to connect (default: localhost:28015); "
                    + "IPv6 in brackets, e.g. [::1]:28015")
    String connect;

    @Option(names = "--host-name", paramLabel = "HOST", description = "host of a rethinkdb node (overridden by -c)")
    String hostName;

    @Option(names = "--driver-port", paramLabel = "PORT", description = "client port of a rethinkdb node (overridden by -c)")
    Integer driverPort;

    @Option(names = {"-u", "--user"}, paramLabel = "USERNAME", description = "user name to connect as (default: admin)")
    String user;

    @Option(names = {"-p", "--password"}, description = "prompt for the connection password")
    boolean promptPassword;

    @Option(names = "--password-file", paramLabel = "FILE", description = "read the connection password from a file")
    Path passwordFile;

    @Option(names = {"-a", "--auth"}, paramLabel = "KEY",
            description = "auth key of a server older than 2.3 (legacy handshake; 2.3+ servers take it as admin's password)")
    String authKey;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "connect with TLS, verifying the server against this CA certificate (PEM) and its host name")
    Path tlsCert;

    /** The options as a wire-level configuration; prompts for the password when -p was given. */
    ConnectOptions toConnectOptions() {
        Endpoint endpoint = endpoint();
        ConnectOptions.Builder builder = ConnectOptions.builder().endpoint(endpoint).user(userName());
        if (tlsCert != null) {
            checkTlsCert();
            builder.tlsCaFile(tlsCert);
        }
        if (authKey != null) {
            builder.authKey(authKey);
        }
        String password = password();
        if (password != null) {
            builder.password(password);
        }
        return builder.build();
    }

    /**
     * Loads the CA file once up front: a bad file is the operator's mistake (exit 2, naming the
     * option), not a connection failure found only after the archive was opened.
     */
    private void checkTlsCert() {
        try {
            TlsContext.load(tlsCert);
        } catch (IOException e) {
            throw new MigrateException(ErrorKind.USAGE, "--tls-cert " + tlsCert + ": " + e.getMessage());
        }
    }

    Endpoint endpoint() {
        String host = hostName != null ? hostName : env("RETHINKDB_HOSTNAME", "localhost");
        int port = driverPort != null ? driverPort : portFromEnvironment();
        if (connect == null) {
            return new Endpoint(host, port);
        }
        try {
            return Endpoint.parse(connect, port);
        } catch (IllegalArgumentException e) {
            throw new MigrateException(ErrorKind.USAGE, "-c/--connect " + connect + ": " + e.getMessage());
        }
    }

    private static int portFromEnvironment() {
        String value = env("RETHINKDB_DRIVER_PORT", String.valueOf(Endpoint.DEFAULT_PORT));
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new MigrateException(ErrorKind.USAGE, "RETHINKDB_DRIVER_PORT " + value + ": not a port number");
    }

    private String userName() {
        return user != null ? user : env("RETHINKDB_USER", "admin");
    }

    private String password() {
        if (promptPassword && passwordFile != null) {
            throw new MigrateException(ErrorKind.USAGE, "-p/--password and --password-file cannot be used together");
        }
        if (passwordFile != null) {
            try {
                String content = Files.readString(passwordFile, StandardCharsets.UTF_8);
                return content.replaceAll("\\n+$", "");
            } catch (IOException e) {
                throw new MigrateException(ErrorKind.USAGE, "--password-file " + passwordFile + ": cannot read it ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        if (promptPassword) {
            Console console = System.console();
            if (console == null) {
                throw new MigrateException(ErrorKind.USAGE,
                        "-p/--password needs a terminal to prompt on; use --password-file instead");
            }
            char[] typed = console.readPassword("Password for `%s`: ", userName());
            return typed == null ? "" : new String(typed);
        }
        return null;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
