package io.rethinkmigrate.wire;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach and log into a server. A non-null auth key selects the legacy V0_4 handshake (servers
 * 1.x-2.2; newer servers check it against admin's password); otherwise V1_0 with SCRAM-SHA-256.
 * A TLS CA file makes the connection TLS from the first byte (the driver port of a server started
 * with {@code --driver-tls-cert}), the server verified against that CA and the host name.
 */
public final class ConnectOptions {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final Endpoint endpoint;
    private final String user;
    private final String password;
    private final String authKey;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final boolean tcpKeepAlive;
    private final boolean tcpNoDelay;
    private final Path tlsCaFile;
    private final boolean tlsSystemTrust;
    private final Path tlsClientCert;
    private final Path tlsClientKey;
    /** Test hook: a fixed SCRAM client nonce so recorded handshakes can be replayed. */
    private final String clientNonce;

    private ConnectOptions(Builder b) {
        this.endpoint = Objects.requireNonNull(b.endpoint, "endpoint");
        this.user = Objects.requireNonNull(b.user, "user");
        this.password = b.password == null ? "" : b.password;
        this.authKey = b.authKey;
        this.connectTimeout = Objects.requireNonNull(b.connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
        this.idleTimeout = Objects.requireNonNull(b.idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must not be negative");
        }
        this.tcpKeepAlive = b.tcpKeepAlive;
        this.tcpNoDelay = b.tcpNoDelay;
        this.tlsCaFile = b.tlsCaFile;
        this.tlsSystemTrust = b.tlsSystemTrust;
        if ((b.tlsClientCert == null) != (b.tlsClientKey == null)) {
            throw new IllegalArgumentException("a TLS client certificate needs its key, and a key its certificate");
        }
        this.tlsClientCert = b.tlsClientCert;
        this.tlsClientKey = b.tlsClientKey;
        this.clientNonce = b.clientNonce;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String authKey() {
        return authKey;
    }

    public boolean usesLegacyHandshake() {
        return authKey != null;
    }

    /** The most opening a connection may take: TCP connect, TLS and login together. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long a connection that owes an answer may stay silent before it is probed (zero: never); see
     * {@link Connection}. A probe unanswered for {@link #probeTimeout()} more fails the connection.
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long a liveness probe may go unanswered: the idle timeout, at most 5 s. */
    public Duration probeTimeout() {
        return idleTimeout.compareTo(MAX_PROBE_TIMEOUT) < 0 ? idleTimeout : MAX_PROBE_TIMEOUT;
    }

    public boolean tcpKeepAlive() {
        return tcpKeepAlive;
    }

    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    /** The PEM CA certificate(s) to verify the server with, or null for a plain TCP connection. */
    public Path tlsCaFile() {
        return tlsCaFile;
    }

    /** True when the server is verified against the JDK's trusted CAs (`--tls` without `--tls-cert`). */
    public boolean tlsSystemTrust() {
        return tlsSystemTrust;
    }

    /** The PEM certificate (chain) this client presents for mutual TLS, or null. */
    public Path tlsClientCert() {
        return tlsClientCert;
    }

    /** The PEM (PKCS#8) private key of {@link #tlsClientCert()}, or null. */
    public Path tlsClientKey() {
        return tlsClientKey;
    }

    public boolean usesTls() {
        return tlsCaFile != null || tlsSystemTrust || tlsClientCert != null;
    }

    String clientNonce() {
        return clientNonce;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoint = endpoint;
        b.user = user;
        b.password = password;
        b.authKey = authKey;
        b.connectTimeout = connectTimeout;
        b.idleTimeout = idleTimeout;
        b.tcpKeepAlive = tcpKeepAlive;
        b.tcpNoDelay = tcpNoDelay;
        b.tlsCaFile = tlsCaFile;
        b.tlsSystemTrust = tlsSystemTrust;
        b.tlsClientCert = tlsClientCert;
        b.tlsClientKey = tlsClientKey;
        b.clientNonce = clientNonce;
        return b;
    }

    /** Never shows the password or the auth key (nor the client key's contents); file names are shown. */
    @Override
    public String toString() {
        return "ConnectOptions{endpoint=" + endpoint + ", user=" + user
                + ", handshake=" + (usesLegacyHandshake() ? "V0_4 (auth key)" : "V1_0")
                + ", connectTimeout=" + connectTimeout + ", idleTimeout=" + idleTimeout + ", tcpKeepAlive=" + tcpKeepAlive
                + ", tcpNoDelay=" + tcpNoDelay + (tlsCaFile == null ? "" : ", tlsCaFile=" + tlsCaFile)
                + (tlsSystemTrust && tlsCaFile == null ? ", tls=system trust store" : "")
                + (tlsClientCert == null ? "" : ", tlsClientCert=" + tlsClientCert + ", tlsClientKey=" + tlsClientKey) + "}";
    }

    public static final class Builder {
        private Endpoint endpoint = new Endpoint("localhost", Endpoint.DEFAULT_PORT);
        private String user = "admin";
        private String password = "";
        private String authKey;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private boolean tcpKeepAlive = true;
        private boolean tcpNoDelay = true;
        private Path tlsCaFile;
        private boolean tlsSystemTrust;
        private Path tlsClientCert;
        private Path tlsClientKey;
        private String clientNonce;

        private Builder() {
        }

        public Builder endpoint(Endpoint endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder authKey(String authKey) {
            this.authKey = authKey;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Silence allowed on a connection that owes an answer before it is probed; zero turns probing off. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder tcpKeepAlive(boolean on) {
            this.tcpKeepAlive = on;
            return this;
        }

        public Builder tcpNoDelay(boolean on) {
            this.tcpNoDelay = on;
            return this;
        }

        /** Connect with TLS, trusting only the PEM certificate(s) in this file; null for plain TCP. */
        public Builder tlsCaFile(Path caFile) {
            this.tlsCaFile = caFile;
            return this;
        }

        /** Connect with TLS, verifying the server against the JDK's trusted CAs (when no CA file is given). */
        public Builder tlsSystemTrust(boolean on) {
            this.tlsSystemTrust = on;
            return this;
        }

        /** Present this PEM certificate and its PEM PKCS#8 key for mutual TLS (both or neither). */
        public Builder tlsClientCertificate(Path certificate, Path key) {
            this.tlsClientCert = certificate;
            this.tlsClientKey = key;
            return this;
        }

        Builder clientNonce(String nonce) {
            this.clientNonce = nonce;
            return this;
        }

        public ConnectOptions build() {
            return new ConnectOptions(this);
        }
    }
}
