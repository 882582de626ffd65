package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The connection options of the official tools, same names and meaning, plus `-a/--auth` for servers
 * older than 2.3. What the command line does not say comes from the environment:
 * <pre>
 *   host      -c HOST[:PORT] &gt; --host-name &gt; RETHINKDB_HOST &gt; RETHINKDB_HOSTNAME &gt; localhost
 *   port      -c HOST:PORT &gt; --driver-port &gt; RETHINKDB_PORT &gt; RETHINKDB_DRIVER_PORT &gt; 28015
 *   user      -u &gt; RETHINKDB_USER &gt; admin
 *   password  -p / --password-file &gt; RETHINKDB_PASSWORD &gt; none (empty)
 * </pre>
 * RETHINKDB_HOSTNAME and RETHINKDB_DRIVER_PORT are the official tools' variables; empty variables
 * count as unset. The environment is a function so that tests can inject one.
 */
public final class ConnectionOptions {
    /** Shown at the end of every command's --help. */
    public static final String ENVIRONMENT_HELP = "Environment (used when the matching option is not given):%n"
            + "  RETHINKDB_HOST, then RETHINKDB_HOSTNAME          host (default localhost)%n"
            + "  RETHINKDB_PORT, then RETHINKDB_DRIVER_PORT       client port (default 28015)%n"
            + "  RETHINKDB_USER                                   user (default admin)%n"
            + "  RETHINKDB_PASSWORD                               password (never printed)%n"
            + "  Precedence: options > RETHINKDB_HOST/PORT > RETHINKDB_HOSTNAME/DRIVER_PORT > defaults.%n";

    private final Function<String, String> environment;
    /** The command this mixin is part of, which holds --connect-timeout and --idle-timeout; null outside picocli. */
    private CommandSpec command;

    /** Reads the real process environment. */
    public ConnectionOptions() {
        this(System::getenv);
    }

    /** Reads variables from {@code environment} (a name to its value, or null when unset). */
    public ConnectionOptions(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Option(names = {"-c", "--connect"}, paramLabel = "HOST:PORT",
            description = "host and client port of a rethinkdb node to connect (default: localhost:28015); "
                    + "IPv6 in brackets, e.g. [::1]:28015")
    public String connect;

    @Option(names = "--host-name", paramLabel = "HOST", description = "host of a rethinkdb node (overridden by -c)")
    public String hostName;

    @Option(names = "--driver-port", paramLabel = "PORT", description = "client port of a rethinkdb node (overridden by -c)")
    public Integer driverPort;

    @Option(names = {"-u", "--user"}, paramLabel = "USERNAME", description = "user name to connect as (default: admin)")
    public String user;

    @Option(names = {"-p", "--password"}, description = "prompt for the connection password")
    public boolean promptPassword;

    @Option(names = "--password-file", paramLabel = "FILE", description = "read the connection password from a file")
    public Path passwordFile;

    @Option(names = {"-a", "--auth"}, paramLabel = "KEY",
            description = "auth key of a server older than 2.3 (legacy handshake; 2.3+ servers take it as admin's password)")
    public String authKey;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "connect with TLS, verifying the server against this CA certificate (PEM) and its host name")
    public Path tlsCert;

    @Option(names = "--tls", description = "connect with TLS, verifying the server against the system's trusted CAs "
            + "(the JDK's trust store) and its host name; with --tls-cert, that CA instead")
    public boolean tls;

    @Option(names = "--tls-client-cert", paramLabel = "FILE",
            description = "for servers that require client certificates (mutual TLS): this certificate (PEM), with --tls-client-key")
    public Path tlsClientCert;

    @Option(names = "--tls-client-key", paramLabel = "FILE",
            description = "the private key of --tls-client-cert (PEM, unencrypted PKCS#8 or PKCS#1 RSA; keep it readable only by you)")
    public Path tlsClientKey;

    /** Picocli hands over the command: it gets --connect-timeout and --idle-timeout (once, see {@link ConnectTimeouts}). */
    @Spec(Spec.Target.MIXEE)
    public void command(CommandSpec mixee) {
        this.command = mixee;
        ConnectTimeouts.addTo(mixee);
    }

    /** The options as a wire-level configuration; prompts for the password when -p was given. */
    public ConnectOptions toConnectOptions() {
        Endpoint endpoint = endpoint();
        ConnectOptions.Builder builder = ConnectTimeouts.apply(command,
                ConnectOptions.builder().endpoint(endpoint).user(userName()));
        TlsOptionsCheck.apply("--", tlsCert, tls, tlsClientCert, tlsClientKey, builder);
        if (authKey != null) {
            builder.authKey(authKey);
        }
        String password = password();
        if (password != null) {
            builder.password(password);
        }
        return builder.build();
    }

    /** True when any connection option was given on the command line (the environment does not count). */
    public boolean anyGiven() {
        return connect != null || hostName != null || driverPort != null || user != null || promptPassword
                || passwordFile != null || authKey != null || tlsCert != null || tls || tlsClientCert != null
                || tlsClientKey != null;
    }

    public Endpoint endpoint() {
        String host = hostName != null ? hostName : env("RETHINKDB_HOST", env("RETHINKDB_HOSTNAME", "localhost"));
        if (connect == null) {
            return new Endpoint(host, driverPort != null ? driverPort : portFromEnvironment());
        }
        try {
            Endpoint given = Endpoint.parse(connect, 1);
            if (given.equals(Endpoint.parse(connect, 2))) {
                return given;  // -c has its own port: the port options and variables do not matter
            }
            return Endpoint.parse(connect, driverPort != null ? driverPort : portFromEnvironment());
        } catch (IllegalArgumentException e) {
            throw new MigrateException(ErrorKind.USAGE, "-c/--connect " + connect + ": " + e.getMessage());
        }
    }

    private int portFromEnvironment() {
        String variable = env("RETHINKDB_PORT", null) != null ? "RETHINKDB_PORT"
                : env("RETHINKDB_DRIVER_PORT", null) != null ? "RETHINKDB_DRIVER_PORT" : null;
        if (variable == null) {
            return Endpoint.DEFAULT_PORT;
        }
        String value = env(variable, null);
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new MigrateException(ErrorKind.USAGE, variable + " " + value + ": not a port number"
                + (value.contains("://") ? " (a Docker link variable? set RETHINKDB_PORT to the port alone, or use -c)" : ""));
    }

    public String userName() {
        return user != null ? user : env("RETHINKDB_USER", "admin");
    }

    /** The password to log in with: -p or --password-file, else RETHINKDB_PASSWORD, else null (none). */
    public String password() {
        return PasswordSource.resolve("-p/--password", promptPassword, "--password-file", passwordFile,
                "Password for `" + userName() + "`: ", env("RETHINKDB_PASSWORD", null));
    }

    /**
     * {@code message} with what looks like a password typed on the command line masked: the word after
     * `-p`/`--password` (which take no value: an operator used to `mysql -p secret` may still type one,
     * and picocli's error would quote it) and the value of `--password=...`. Only what is printed changes.
     */
    public static String redactPasswordValues(String message, String[] args) {
        if (message == null || args == null) {
            return message;
        }
        String out = message;
        for (int i = 0; i < args.length; i++) {
            String value = null;
            if ((args[i].equals("-p") || args[i].equals("--password")) && i + 1 < args.length
                    && !args[i + 1].startsWith("-")) {
                value = args[i + 1];
            } else if (args[i].startsWith("--password=")) {
                value = args[i].substring("--password=".length());
            }
            if (value != null && value.length() >= 3 && !isExistingFile(value)) { // `restore -p ARCHIVE` is no password
                out = out.replace(value, "***");
            }
        }
        return out;
    }

    private static boolean isExistingFile(String word) {
        try {
            return Files.exists(Path.of(word));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private String env(String name, String fallback) {
        String value = environment.apply(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
