package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Endpoint;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The connection of one side of a command that talks to two clusters (`verify --from A --to B`, `copy`):
 * the usual connection options under the side's prefix. Use the mixins {@link From} and {@link To}:
 * <pre>
 *   --from HOST[:PORT]   --from-user U   --from-password (prompt)   --from-password-file F
 *   --from-auth KEY      --from-tls-cert CA.pem   --from-tls (system CAs)
 *   --from-tls-client-cert C.pem --from-tls-client-key K.pem   (mutual TLS; and the same with --to)
 * </pre>
 * Each option is described once ({@link Side}); picocli has no prefixed mixin, so the options are built
 * from that table under the side's prefix and added to the command when picocli hands it over.
 * The address has no default and no variable (each side is said explicitly); the user and the password
 * fall back to RETHINKDB_USER and RETHINKDB_PASSWORD, shared by both sides, then to admin and none.
 * `--connect-timeout` and `--idle-timeout` have no prefix: they apply to both sides ({@link ConnectTimeouts}).
 * Main's factory gives each mixin the command's environment (tests inject one). The bare {@code @Command}
 * only makes picocli accept a mixin without annotated options.
 */
@Command
public abstract class SideConnectionOptions {
    /** One option of a side: its name after the prefix, label, type and help ({@code %1$s} the side's noun,
     *  {@code %2$s} the prefix). */
    private enum Side {
        ADDRESS("", "HOST:PORT", String.class, "the %1$s cluster (a node's host and client port)"),
        USER("-user", "USERNAME", String.class, "user on the %1$s (default: RETHINKDB_USER, else admin)"),
        PROMPT_PASSWORD("-password", null, boolean.class, "prompt for the %1$s's password"),
        PASSWORD_FILE("-password-file", "FILE", Path.class, "read the %1$s's password from a file"),
        AUTH_KEY("-auth", "KEY", String.class, "auth key of a %1$s older than 2.3"),
        TLS_CERT("-tls-cert", "FILE", Path.class, "connect to the %1$s with TLS, verified against this CA (PEM)"),
        TLS("-tls", null, boolean.class, "connect to the %1$s with TLS, verified against the system's trusted CAs "
                + "(the JDK's trust store); with %2$s-tls-cert, that CA instead"),
        TLS_CLIENT_CERT("-tls-client-cert", "FILE", Path.class, "if the %1$s requires client certificates "
                + "(mutual TLS): this certificate (PEM), with %2$s-tls-client-key"),
        TLS_CLIENT_KEY("-tls-client-key", "FILE", Path.class,
                "the private key of %2$s-tls-client-cert (PEM, unencrypted PKCS#8 or PKCS#1 RSA)");

        final String suffix;
        final String label;
        final Class<?> type;
        final String help;

        Side(String suffix, String label, Class<?> type, String help) {
            this.suffix = suffix;
            this.label = label;
            this.type = type;
            this.help = help;
        }

        /** This option under {@code prefix}, its value kept in {@code values}. */
        OptionSpec spec(String prefix, String noun, Map<Side, Object> values) {
            OptionSpec.Builder b = OptionSpec.builder(prefix + suffix).type(type)
                    .description(String.format(help, noun, prefix))
                    .setter(new ISetter() {
                        @Override
                        @SuppressWarnings("unchecked")
                        public <T> T set(T value) {
                            return (T) values.put(Side.this, value);
                        }
                    })
                    .getter(new IGetter() {
                        @Override
                        @SuppressWarnings("unchecked")
                        public <T> T get() {
                            return (T) values.get(Side.this);
                        }
                    });
            return (label == null ? b.arity("0") : b.paramLabel(label)).build();
        }
    }

    private final String prefix;
    private final String noun;
    private final Function<String, String> environment;
    /** The values picocli parsed (or a test set); absent: not given. */
    private final Map<Side, Object> values = new HashMap<>();
    /** The command this mixin is part of, which holds --connect-timeout and --idle-timeout; null outside picocli. */
    private CommandSpec command;

    private SideConnectionOptions(String prefix, String noun, Function<String, String> environment) {
        this.prefix = prefix;
        this.noun = noun;
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The option prefix, {@code --from} or {@code --to}. */
    public String prefix() {
        return prefix;
    }

    public String address() {
        return value(Side.ADDRESS, String.class);
    }

    private <T> T value(Side option, Class<T> type) {
        return type.cast(values.get(option));
    }

    private boolean flag(Side option) {
        return Boolean.TRUE.equals(values.get(option));
    }

    /** True when this side's address was given. */
    public boolean given() {
        return address() != null;
    }

    /** The side's server; a usage error naming the option when the address is missing or bad. */
    public Endpoint endpoint() {
        if (address() == null) {
            throw new MigrateException(ErrorKind.USAGE, prefix + " HOST:PORT is required");
        }
        try {
            return Endpoint.parse(address(), Endpoint.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new MigrateException(ErrorKind.USAGE, prefix + " " + address() + ": " + e.getMessage());
        }
    }

    /**
     * Picocli hands over the command: it gets this side's options, each bound to {@link #values}, then
     * --connect-timeout and --idle-timeout (once, see {@link ConnectTimeouts}).
     */
    @Spec(Spec.Target.MIXEE)
    public void command(CommandSpec mixee) {
        this.command = mixee;
        for (Side option : Side.values()) {
            mixee.addOption(option.spec(prefix, noun, values));
        }
        ConnectTimeouts.addTo(mixee);
    }

    /** The wire-level configuration; prompts for the password when {@code <prefix>-password} was given. */
    public ConnectOptions toConnectOptions() {
        String user = value(Side.USER, String.class);
        String userName = user != null ? user : env("RETHINKDB_USER", "admin");
        ConnectOptions.Builder builder = ConnectTimeouts.apply(command,
                ConnectOptions.builder().endpoint(endpoint()).user(userName));
        TlsOptionsCheck.apply(prefix + "-", value(Side.TLS_CERT, Path.class), flag(Side.TLS),
                value(Side.TLS_CLIENT_CERT, Path.class), value(Side.TLS_CLIENT_KEY, Path.class), builder);
        String authKey = value(Side.AUTH_KEY, String.class);
        if (authKey != null) {
            builder.authKey(authKey);
        }
        String password = password(userName);
        if (password != null) {
            builder.password(password);
        }
        return builder.build();
    }

    private String password(String userName) {
        return PasswordSource.resolve(prefix + "-password", flag(Side.PROMPT_PASSWORD), prefix + "-password-file",
                value(Side.PASSWORD_FILE, Path.class), "Password for `" + userName + "` on " + endpoint() + ": ", env("RETHINKDB_PASSWORD", null));
    }

    private String env(String name, String fallback) {
        String value = environment.apply(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** The source cluster: {@code --from} and {@code --from-*}. */
    public static final class From extends SideConnectionOptions {
        public From() {
            this(System::getenv);
        }

        public From(Function<String, String> environment) {
            super("--from", "source", environment);
        }
    }

    /** The target cluster: {@code --to} and {@code --to-*}. */
    public static final class To extends SideConnectionOptions {
        public To() {
            this(System::getenv);
        }

        public To(Function<String, String> environment) {
            super("--to", "target", environment);
        }
    }
}
