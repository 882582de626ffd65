package io.rethinkmigrate.wire;

import java.util.Objects;

/** A server address. Host names and IPv6 literals are kept as given (without brackets). */
public record Endpoint(String host, int port) {
    public static final int DEFAULT_PORT = 28015;

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
    }

    /**
     * Reads {@code host}, {@code host:port}, {@code [v6]:port}, {@code [v6]} or a bare IPv6 literal (which
     * cannot carry a port: with more than one colon the whole text is the address).
     */
    public static Endpoint parse(String spec, int defaultPort) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty server address (expected host or host:port)");
        }
        String text = spec.trim();
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bad server address '" + spec + "': missing ']'");
            }
            String host = text.substring(1, close);
            if (host.isEmpty()) {
                throw new IllegalArgumentException("bad server address '" + spec + "': empty host");
            }
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                return new Endpoint(host, defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("bad server address '" + spec + "': expected ':port' after ']'");
            }
            return new Endpoint(host, parsePort(rest.substring(1), spec));
        }
        int firstColon = text.indexOf(':');
        if (firstColon < 0) {
            return new Endpoint(checkHost(text, spec), defaultPort);
        }
        if (text.indexOf(':', firstColon + 1) >= 0) {
            return new Endpoint(text, defaultPort);  // bare IPv6 literal, e.g. ::1
        }
        return new Endpoint(checkHost(text.substring(0, firstColon), spec),
                parsePort(text.substring(firstColon + 1), spec));
    }

    public static Endpoint parse(String spec) {
        return parse(spec, DEFAULT_PORT);
    }

    private static String checkHost(String host, String spec) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("bad server address '" + spec + "': empty host");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.isWhitespace(c) || c == '/' || c == '[' || c == ']') {
                throw new IllegalArgumentException("bad server address '" + spec + "': invalid host name");
            }
        }
        return host;
    }

    private static int parsePort(String text, String spec) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad server address '" + spec + "': port '" + text + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad server address '" + spec + "': port " + port + " is out of range 1-65535");
        }
        return port;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
