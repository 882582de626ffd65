package io.rethinkmigrate.wire;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Turns a connected TCP socket into a TLS one, as a RethinkDB driver port with
 * {@code --driver-tls-cert} expects: TLS from the first byte, the RethinkDB handshake inside it.
 */
final class TlsSockets {
    private TlsSockets() {
    }

    /**
     * Runs the TLS handshake over {@code plain} (already connected to {@code endpoint}), verifying the
     * chain against {@code caFile} and the certificate against the host name as given (an IP address
     * must be in an IP SAN). Each read of the handshake waits at most {@code timeoutMs}. On failure
     * the socket is closed and a one-line {@link ReqlConnectionException} names the endpoint.
     */
    static SSLSocket handshake(Socket plain, Endpoint endpoint, ConnectOptions options, int timeoutMs) {
        SSLContext context;
        try {
            context = TlsContext.create(options);
        } catch (IOException e) {
            close(plain);
            throw new ReqlConnectionException("cannot connect to " + endpoint + ": TLS " + e.getMessage(), e);
        }
        SSLSocket tls = null;
        try {
            // autoClose: closing the TLS socket closes the TCP one, as Connection expects of its socket
            tls = (SSLSocket) context.getSocketFactory().createSocket(plain, endpoint.host(), endpoint.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(timeoutMs);
            tls.startHandshake();
            return tls;
        } catch (SocketTimeoutException e) {
            close(tls != null ? tls : plain);
            throw new ReqlConnectionException("TLS handshake with " + endpoint + " timed out after "
                    + options.connectTimeout().toMillis() + " ms", e);
        } catch (SSLHandshakeException e) {
            close(tls != null ? tls : plain);
            throw new ReqlConnectionException("TLS handshake with " + endpoint + " failed: " + reason(e, endpoint, options), e);
        } catch (IOException e) {
            close(tls != null ? tls : plain);
            // e.g. "Unsupported or unrecognized SSL message" from a server without driver TLS
            throw new ReqlConnectionException("TLS handshake with " + endpoint + " failed: " + e.getMessage()
                    + " (does the server use TLS on its driver port?)", e);
        }
    }

    /** Says which check failed, with the JDK's innermost reason in parentheses. */
    private static String reason(SSLHandshakeException e, Endpoint endpoint, ConnectOptions options) {
        CertificateException certificate = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TlsContext.UntrustedChainException u) {
                return "its certificate is not trusted by " + (options.tlsCaFile() != null ? "the given CA certificate"
                        : "the system's trusted CAs (give the CA with --tls-cert)") + " (" + rootMessage(u) + ")";
            }
            if (t instanceof CertificateException c && certificate == null) {
                certificate = c;
            }
        }
        if (certificate != null) {
            // the chain alone passed (else UntrustedChainException), so the check with the socket failed,
            // which adds the host name check (and the session's algorithm constraints, rarely the cause)
            return "its certificate does not match the host name " + endpoint.host() + " (" + rootMessage(certificate) + ")";
        }
        return rootMessage(e);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause().getMessage() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).strip();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // abandoning it anyway
        }
    }
}
