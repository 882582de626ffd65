package io.rethinkmigrate.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS client context of the official tools' {@code --tls-cert FILE}: the server must present a
 * chain ending at one of the PEM certificates in FILE (and only those: the Python driver loads no
 * system CAs either). Host name checking is switched on per socket by {@link TlsSockets}.
 */
public final class TlsContext {
    private TlsContext() {
    }

    /**
     * An SSLContext trusting exactly the certificates in {@code caFile}.
     *
     * @throws IOException with a short, readable reason when the file cannot be read or holds no
     *                     X.509 certificate (callers prefix it with the option or file name)
     */
    public static SSLContext load(Path caFile) throws IOException {
        return create(caFile, null, null, false);
    }

    /**
     * An SSLContext trusting the certificates in {@code caFile}, or the JDK's trusted CAs (the system
     * trust store, `--tls`) when it is null; presenting the client certificate of {@code clientCert}
     * with the key of {@code clientKey} (mutual TLS) when they are given.
     *
     * @throws IOException with a short, readable reason naming which file is wrong
     */
    public static SSLContext create(Path caFile, Path clientCert, Path clientKey) throws IOException {
        return create(caFile, clientCert, clientKey, true);
    }

    private static SSLContext create(Path caFile, Path clientCert, Path clientKey, boolean nameCaFile)
            throws IOException {
        try {
            KeyStore trusted = null; // null: the JDK's cacerts
            if (caFile != null) {
                Collection<? extends Certificate> certificates;
                try {
                    certificates = certificates(caFile);
                } catch (IOException e) {
                    throw nameCaFile ? new IOException("CA certificate file " + caFile + ": " + e.getMessage(), e) : e;
                }
                trusted = KeyStore.getInstance(KeyStore.getDefaultType());
                trusted.load(null, null);
                int i = 0;
                for (Certificate c : certificates) {
                    trusted.setCertificateEntry("ca-" + i++, c);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            X509ExtendedTrustManager pkix = null;
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    pkix = x;
                }
            }
            if (pkix == null) {
                throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
            }
            KeyManager[] keys = clientCert == null ? null : ClientKeys.keyManagers(clientCert, clientKey);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {new ChainThenHostTrustManager(pkix)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use its certificates (" + e.getMessage() + ")", e);
        }
    }

    /** The context of a connection's options (which must use TLS). */
    static SSLContext create(ConnectOptions options) throws IOException {
        return create(options.tlsCaFile(), options.tlsClientCert(), options.tlsClientKey());
    }

    static Collection<? extends Certificate> certificates(Path caFile) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(caFile);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied", e);
        } catch (IOException e) {
            throw new IOException("cannot read it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IOException("not a PEM X.509 certificate (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Marks a chain that does not lead to a trusted CA, so that {@link TlsSockets} can tell it apart
     * from a host name mismatch by type rather than by the JDK's message text.
     */
    static final class UntrustedChainException extends CertificateException {
        UntrustedChainException(CertificateException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Checks the chain alone first, then again with the socket, where the JDK also checks the host
     * name (endpoint identification "HTTPS" set on the socket): a failure of the second step after
     * the first passed is about the server's identity, not about trust.
     */
    private static final class ChainThenHostTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;

        ChainThenHostTrustManager(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            chainOnly(chain, authType);
            pkix.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            chainOnly(chain, authType);
            pkix.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            chainOnly(chain, authType);
        }

        private void chainOnly(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw new UntrustedChainException(e);
            }
        }

        // never called on a client's context; delegated only to satisfy the interface
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            pkix.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            pkix.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
