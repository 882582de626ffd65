package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.cli.Main;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Endpoint;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The connection of one side of a command that talks to two clusters (`verify --from A --to B`, `copy`):
 * the usual connection options under the side's prefix. Use the mixins {@link From} and {@link To}:
 * <pre>
 *   --from HOST[:PORT]   --from-user U   --from-password (prompt)   --from-password-file F
 *   --from-auth KEY      --from-tls-cert CA.pem   --from-tls (system CAs)
 *   --from-tls-client-cert C.pem --from-tls-client-key K.pem   (mutual TLS; and the same with --to)
 * </pre>
 * The address has no default and no variable (each side is said explicitly); the user and the password
 * fall back to RETHINKDB_USER and RETHINKDB_PASSWORD, shared by both sides, then to admin and none.
 * `--connect-timeout` and `--idle-timeout` have no prefix: they apply to both sides ({@link ConnectTimeouts}).
 * Main's factory gives each mixin the command's environment (tests inject one).
 */
public abstract class SideConnectionOptions {
    private final Function<String, String> environment;
    /** The command this mixin is part of, which holds --connect-timeout and --idle-timeout; null outside picocli. */
    private CommandSpec command;

    protected SideConnectionOptions(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The option prefix, {@code --from} or {@code --to}. */
    public abstract String prefix();

    public abstract String address();

    public abstract String user();

    public abstract boolean promptPassword();

    public abstract Path passwordFile();

    public abstract String authKey();

    public abstract Path tlsCert();

    public abstract boolean tls();

    public abstract Path tlsClientCert();

    public abstract Path tlsClientKey();

    /** True when this side's address was given. */
    public boolean given() {
        return address() != null;
    }

    /** The side's server; a usage error naming the option when the address is missing or bad. */
    public Endpoint endpoint() {
        if (address() == null) {
            throw new MigrateException(ErrorKind.USAGE, prefix() + " HOST:PORT is required");
        }
        try {
            return Endpoint.parse(address(), Endpoint.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new MigrateException(ErrorKind.USAGE, prefix() + " " + address() + ": " + e.getMessage());
        }
    }

    /** Picocli hands over the command: it gets --connect-timeout and --idle-timeout (once, see {@link ConnectTimeouts}). */
    @Spec(Spec.Target.MIXEE)
    public void command(CommandSpec mixee) {
        this.command = mixee;
        ConnectTimeouts.addTo(mixee);
    }

    /** The wire-level configuration; prompts for the password when {@code <prefix>-password} was given. */
    public ConnectOptions toConnectOptions() {
        String userName = user() != null ? user() : env("RETHINKDB_USER", "admin");
        ConnectOptions.Builder builder = ConnectTimeouts.apply(command,
                ConnectOptions.builder().endpoint(endpoint()).user(userName));
        TlsOptionsCheck.apply(prefix() + "-", tlsCert(), tls(), tlsClientCert(), tlsClientKey(), builder);
        if (authKey() != null) {
            builder.authKey(authKey());
        }
        String password = password(userName);
        if (password != null) {
            builder.password(password);
        }
        return builder.build();
    }

    private String password(String userName) {
        return PasswordSource.resolve(prefix() + "-password", promptPassword(), prefix() + "-password-file",
                passwordFile(), "Password for `" + userName + "` on " + endpoint() + ": ", env("RETHINKDB_PASSWORD", null));
    }

    private String env(String name, String fallback) {
        String value = environment.apply(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** The source cluster: {@code --from} and {@code --from-*}. */
    public static final class From extends SideConnectionOptions {
        @Option(names = "--from", paramLabel = "HOST:PORT", description = "the source cluster (a node's host and client port)")
        public String address;

        @Option(names = "--from-user", paramLabel = "USERNAME", description = "user on the source (default: RETHINKDB_USER, else admin)")
        public String user;

        @Option(names = "--from-password", description = "prompt for the source's password")
        public boolean promptPassword;

        @Option(names = "--from-password-file", paramLabel = "FILE", description = "read the source's password from a file")
        public Path passwordFile;

        @Option(names = "--from-auth", paramLabel = "KEY", description = "auth key of a source older than 2.3")
        public String authKey;

        @Option(names = "--from-tls-cert", paramLabel = "FILE", description = "connect to the source with TLS, verified against this CA (PEM)")
        public Path tlsCert;

        @Option(names = "--from-tls", description = "connect to the source with TLS, verified against the system's trusted CAs "
                + "(the JDK's trust store); with --from-tls-cert, that CA instead")
        public boolean tls;

        @Option(names = "--from-tls-client-cert", paramLabel = "FILE",
                description = "if the source requires client certificates (mutual TLS): this certificate (PEM), with --from-tls-client-key")
        public Path tlsClientCert;

        @Option(names = "--from-tls-client-key", paramLabel = "FILE",
                description = "the private key of --from-tls-client-cert (PEM, unencrypted PKCS#8 or PKCS#1 RSA)")
        public Path tlsClientKey;

        public From() {
            this(System::getenv);
        }

        public From(Function<String, String> environment) {
            super(environment);
        }

        @Override
        public String prefix() {
            return "--from";
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public boolean promptPassword() {
            return promptPassword;
        }

        @Override
        public Path passwordFile() {
            return passwordFile;
        }

        @Override
        public String authKey() {
            return authKey;
        }

        @Override
        public Path tlsCert() {
            return tlsCert;
        }

        @Override
        public boolean tls() {
            return tls;
        }

        @Override
        public Path tlsClientCert() {
            return tlsClientCert;
        }

        @Override
        public Path tlsClientKey() {
            return tlsClientKey;
        }
    }

    /** The target cluster: {@code --to} and {@code --to-*}. */
    public static final class To extends SideConnectionOptions {
        @Option(names = "--to", paramLabel = "HOST:PORT", description = "the target cluster (a node's host and client port)")
        public String address;

        @Option(names = "--to-user", paramLabel = "USERNAME", description = "user on the target (default: RETHINKDB_USER, else admin)")
        public String user;

        @Option(names = "--to-password", description = "prompt for the target's password")
        public boolean promptPassword;

        @Option(names = "--to-password-file", paramLabel = "FILE", description = "read the target's password from a file")
        public Path passwordFile;

        @Option(names = "--to-auth", paramLabel = "KEY", description = "auth key of a target older than 2.3")
        public String authKey;

        @Option(names = "--to-tls-cert", paramLabel = "FILE", description = "connect to the target with TLS, verified against this CA (PEM)")
        public Path tlsCert;

        @Option(names = "--to-tls", description = "connect to the target with TLS, verified against the system's trusted CAs "
                + "(the JDK's trust store); with --to-tls-cert, that CA instead")
        public boolean tls;

        @Option(names = "--to-tls-client-cert", paramLabel = "FILE",
                description = "if the target requires client certificates (mutual TLS): this certificate (PEM), with --to-tls-client-key")
        public Path tlsClientCert;

        @Option(names = "--to-tls-client-key", paramLabel = "FILE",
                description = "the private key of --to-tls-client-cert (PEM, unencrypted PKCS#8 or PKCS#1 RSA)")
        public Path tlsClientKey;

        public To() {
            this(System::getenv);
        }

        public To(Function<String, String> environment) {
            super(environment);
        }

        @Override
        public String prefix() {
            return "--to";
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public boolean promptPassword() {
            return promptPassword;
        }

        @Override
        public Path passwordFile() {
            return passwordFile;
        }

        @Override
        public String authKey() {
            return authKey;
        }

        @Override
        public Path tlsCert() {
            return tlsCert;
        }

        @Override
        public boolean tls() {
            return tls;
        }

        @Override
        public Path tlsClientCert() {
            return tlsClientCert;
        }

        @Override
        public Path tlsClientKey() {
            return tlsClientKey;
        }
    }
}
