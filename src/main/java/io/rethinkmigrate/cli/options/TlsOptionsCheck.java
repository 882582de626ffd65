package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.TlsContext;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The TLS options of one connection, checked and put into its {@link ConnectOptions}: shared by `-c`
 * ({@code --tls-cert}, {@code --tls}, {@code --tls-client-cert}, {@code --tls-client-key}) and by each side
 * of `copy`/`verify` ({@code --from-tls-cert}, ...), so that both check the same things and say the same,
 * each naming its own options. Files are loaded once up front: a bad file is the operator's mistake
 * (exit 2, naming the option), not a connection failure found only after an archive was opened.
 */
public final class TlsOptionsCheck {
    private TlsOptionsCheck() {
    }

    /**
     * Checks the TLS options and sets them on {@code builder}.
     *
     * @param optionPrefix what comes before {@code tls-cert} in the option names: {@code --} for `-c`,
     *                     {@code --from-} or {@code --to-} for a side
     * @param caFile       the CA file of {@code <prefix>tls-cert}, or null
     * @param systemTrust  {@code <prefix>tls}: verify against the system's trusted CAs
     * @param clientCert   the client certificate of {@code <prefix>tls-client-cert}, or null
     * @param clientKey    its key, {@code <prefix>tls-client-key}, or null
     */
    public static void apply(String optionPrefix, Path caFile, boolean systemTrust, Path clientCert, Path clientKey,
                      ConnectOptions.Builder builder) {
        String caOption = optionPrefix + "tls-cert";
        String certOption = optionPrefix + "tls-client-cert";
        String keyOption = optionPrefix + "tls-client-key";
        if (caFile != null) {
            try {
                TlsContext.load(caFile);
            } catch (IOException e) {
                throw new MigrateException(ErrorKind.USAGE, caOption + " " + caFile + ": " + e.getMessage());
            }
            builder.tlsCaFile(caFile);
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new MigrateException(ErrorKind.USAGE, clientCert == null
                    ? keyOption + " needs " + certOption : certOption + " needs " + keyOption);
        }
        if (clientCert != null) {
            try {
                TlsContext.create(caFile, clientCert, clientKey);
            } catch (IOException e) {
                throw new MigrateException(ErrorKind.USAGE, certOption + "/" + keyOption + ": " + e.getMessage());
            }
            builder.tlsClientCertificate(clientCert, clientKey);
        }
        // a client certificate alone means TLS too: the server is then verified as with <prefix>tls
        builder.tlsSystemTrust(systemTrust || (clientCert != null && caFile == null));
    }
}
