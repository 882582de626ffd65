package io.rethinkmigrate.cli;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Endpoint;
import io.rethinkmigrate.wire.TlsContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * One side of a command that talks to two clusters (`copy --from ... --to ...`): the connection
 * options of {@link ConnectionOptions} with the side's prefix (`--from-user`, `--to-password-file`, ...).
 * The RETHINKDB_* variables are not read: with two servers it would be a guess which one they mean.
 */
abstract class CopySideOptions {
    abstract String side();

    abstract String address();

    abstract String user();

    abstract Path passwordFile();

    abstract String authKey();

    abstract Path tlsCert();

    Endpoint endpoint() {
        try {
            return Endpoint.parse(address(), Endpoint.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new MigrateException(ErrorKind.USAGE, "--" + side() + " " + address() + ": " + e.getMessage());
        }
    }

    /** The side as a wire configuration; usage errors (bad address, unreadable file) name the option. */
    ConnectOptions toConnectOptions() {
        ConnectOptions.Builder builder = ConnectOptions.builder().endpoint(endpoint())
                .user(user() != null ? user() : "admin");
        if (tlsCert() != null) {
            try {
                TlsContext.load(tlsCert());
            } catch (IOException e) {
                throw new MigrateException(ErrorKind.USAGE, "--" + side() + "-tls-cert " + tlsCert() + ": " + e.getMessage());
            }
            builder.tlsCaFile(tlsCert());
        }
        if (authKey() != null) {
            builder.authKey(authKey());
        }
        if (passwordFile() != null) {
            try {
                builder.password(Files.readString(passwordFile(), StandardCharsets.UTF_8).replaceAll("\\n+$", ""));
            } catch (IOException e) {
                throw new MigrateException(ErrorKind.USAGE, "--" + side() + "-password-file " + passwordFile()
                        + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            }
        }
        return builder.build();
    }

    /** `--from HOST:PORT` and its options: the cluster read from. */
    static final class From extends CopySideOptions {
        @Option(names = "--from", required = true, paramLabel = "HOST:PORT",
                description = "the cluster to copy from (port default 28015; IPv6 as [::1]:28015)")
        String address;

        @Option(names = "--from-user", paramLabel = "USER", description = "user on the source (default: admin)")
        String user;

        @Option(names = "--from-password-file", paramLabel = "FILE", description = "the source user's password, read from a file")
        Path passwordFile;

        @Option(names = "--from-auth", paramLabel = "KEY", description = "auth key of a source older than 2.3")
        String authKey;

        @Option(names = "--from-tls-cert", paramLabel = "FILE", description = "connect to the source with TLS, verified against this CA (PEM)")
        Path tlsCert;

        @Override
        String side() {
            return "from";
        }

        @Override
        String address() {
            return address;
        }

        @Override
        String user() {
            return user;
        }

        @Override
        Path passwordFile() {
            return passwordFile;
        }

        @Override
        String authKey() {
            return authKey;
        }

        @Override
        Path tlsCert() {
            return tlsCert;
        }
    }

    /** `--to HOST:PORT` and its options: the cluster written to. */
    static final class To extends CopySideOptions {
        @Option(names = "--to", required = true, paramLabel = "HOST:PORT",
                description = "the cluster to copy to (port default 28015; may be the source, with --rename)")
        String address;

        @Option(names = "--to-user", paramLabel = "USER", description = "user on the target (default: admin)")
        String user;

        @Option(names = "--to-password-file", paramLabel = "FILE", description = "the target user's password, read from a file")
        Path passwordFile;

        @Option(names = "--to-auth", paramLabel = "KEY", description = "auth key of a target older than 2.3")
        String authKey;

        @Option(names = "--to-tls-cert", paramLabel = "FILE", description = "connect to the target with TLS, verified against this CA (PEM)")
        Path tlsCert;

        @Override
        String side() {
            return "to";
        }

        @Override
        String address() {
            return address;
        }

        @Override
        String user() {
            return user;
        }

        @Override
        Path passwordFile() {
            return passwordFile;
        }

        @Override
        String authKey() {
            return authKey;
        }

        @Override
        Path tlsCert() {
            return tlsCert;
        }
    }
}
