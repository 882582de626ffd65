package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.ConnectOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * `--connect-timeout SECONDS` and `--idle-timeout SECONDS` (docs/connections.md), on every command that
 * talks to a server, for all of its connections (both sides of `copy` and `verify --from/--to`). The
 * connection mixins ({@link ConnectionOptions}, {@link SideConnectionOptions}) each add the two options to
 * their command unless another mixin already did: `verify` has all three mixins, `copy` only the sides,
 * and picocli allows an option name once per command. The values are read back from the command.
 */
public final class ConnectTimeouts {
    public static final String CONNECT = "--connect-timeout";
    public static final String IDLE = "--idle-timeout";
    /** A day: more is a typo, and would overflow the nanosecond clocks. */
    private static final double MAX_SECONDS = 86_400;

    private ConnectTimeouts() {
    }

    /** Adds the two options to {@code command} if it has them not yet. */
    public static void addTo(CommandSpec command) {
        if (command.findOption(CONNECT) == null) {
            command.addOption(OptionSpec.builder(CONNECT).paramLabel("SECONDS").type(double.class)
                    .defaultValue(seconds(ConnectOptions.DEFAULT_CONNECT_TIMEOUT))
                    .description("give up opening a connection (TCP, TLS and login together) after this long; "
                            + "fractions allowed (default: ${DEFAULT-VALUE})")
                    .build());
        }
        if (command.findOption(IDLE) == null) {
            command.addOption(OptionSpec.builder(IDLE).paramLabel("SECONDS").type(double.class)
                    .defaultValue(seconds(ConnectOptions.DEFAULT_IDLE_TIMEOUT))
                    .description("a connection that owes an answer and received nothing for this long is probed; "
                            + "if the probe is not answered within min(SECONDS, 5) more, the connection is lost "
                            + "(reconnect and resume, or exit 3); slow answers are not cut; 0: never probe "
                            + "(default: ${DEFAULT-VALUE})")
                    .build());
        }
    }

    /** Sets both timeouts on {@code builder}; {@code command} null (not run by picocli) keeps the defaults. */
    public static ConnectOptions.Builder apply(CommandSpec command, ConnectOptions.Builder builder) {
        double connect = value(command, CONNECT, ConnectOptions.DEFAULT_CONNECT_TIMEOUT);
        double idle = value(command, IDLE, ConnectOptions.DEFAULT_IDLE_TIMEOUT);
        if (!(connect > 0 && connect <= MAX_SECONDS)) {
            throw new MigrateException(ErrorKind.USAGE, CONNECT + " " + format(connect)
                    + ": must be more than 0 and at most " + format(MAX_SECONDS) + " seconds");
        }
        if (!(idle >= 0 && idle <= MAX_SECONDS)) {
            throw new MigrateException(ErrorKind.USAGE, IDLE + " " + format(idle)
                    + ": must be 0 (no probing) or more, at most " + format(MAX_SECONDS) + " seconds");
        }
        return builder.connectTimeout(Duration.ofMillis(Math.max(1, Math.round(connect * 1000))))
                .idleTimeout(Duration.ofMillis(Math.round(idle * 1000)));
    }

    private static double value(CommandSpec command, String name, Duration fallback) {
        OptionSpec option = command == null ? null : command.findOption(name);
        Object value = option == null ? null : option.getValue();
        return value instanceof Number n ? n.doubleValue() : fallback.toMillis() / 1000.0;
    }

    private static String seconds(Duration d) {
        return String.valueOf(d.toSeconds());
    }

    private static String format(double seconds) {
        return seconds == Math.rint(seconds) && !Double.isInfinite(seconds) ? String.valueOf((long) seconds)
                : String.valueOf(seconds);
    }
}
