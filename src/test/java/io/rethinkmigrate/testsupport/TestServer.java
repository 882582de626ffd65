package io.rethinkmigrate.testsupport;

import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The server integration tests run against, from the environment:
 * <ul>
 *   <li>{@code RETHINKDB_TEST_SERVER} = {@code host:port} (IPv6: {@code [::1]:28015}); unset: tests skip</li>
 *   <li>{@code RETHINKDB_TEST_PASSWORD}: admin's password (default empty)</li>
 *   <li>{@code RETHINKDB_TEST_REAL=1}: it is a real RethinkDB, not reqlite (enables real-server-only tests)</li>
 * </ul>
 * {@code scripts/test.sh} starts reqlite and sets {@code RETHINKDB_TEST_SERVER} when it is not given.
 */
public final class TestServer {
    public static final String ENV_SERVER = "RETHINKDB_TEST_SERVER";
    public static final String ENV_PASSWORD = "RETHINKDB_TEST_PASSWORD";
    public static final String ENV_REAL = "RETHINKDB_TEST_REAL";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final String host;
    private final int port;
    private final String password;
    private final boolean real;

    public TestServer(String host, int port, String password, boolean real) {
        this.host = host;
        this.port = port;
        this.password = password == null ? "" : password;
        this.real = real;
    }

    /** The configured server, or empty when {@code RETHINKDB_TEST_SERVER} is unset or blank. */
    public static Optional<TestServer> fromEnv() {
        String address = System.getenv(ENV_SERVER);
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parse(address.trim(), System.getenv(ENV_PASSWORD), "1".equals(System.getenv(ENV_REAL))));
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static TestServer parse(String address, String password, boolean real) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException(ENV_SERVER + " must be host:port, got '" + address + "'");
        }
        String h = address.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int p;
        try {
            p = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ENV_SERVER + " must be host:port, got '" + address + "'", e);
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException(ENV_SERVER + ": bad port in '" + address + "'");
        }
        return new TestServer(h, p, password, real);
    }

    /** The configured server; skips the calling test (with a printed reason) when there is none. */
    public static TestServer require() {
        return require(callerName());
    }

    /** {@link #require()} for the test named {@code test} (as the skip line names it). */
    static TestServer require(String test) {
        Optional<TestServer> s = fromEnv();
        if (s.isEmpty()) {
            skip(test, ENV_SERVER + " is not set (host:port of a RethinkDB or reqlite server): integration test skipped;"
                    + " run bash scripts/test.sh, which starts reqlite");
        }
        return s.get();
    }

    /**
     * A real RethinkDB server; skips with "needs a real RethinkDB server (RETHINKDB_TEST_REAL=1): reqlite
     * cannot {@code what}" against reqlite.
     */
    public static TestServer requireRealServer(String what) {
        return requireRealServer(what, callerName());
    }

    /** {@link #requireRealServer(String)} for the test named {@code test}. */
    static TestServer requireRealServer(String what, String test) {
        TestServer s = require(test);
        if (s.isReqlite()) {
            skip(test, "needs a real RethinkDB server (" + ENV_REAL + "=1): reqlite cannot " + what);
        }
        return s;
    }

    /** The calling test, as the skip line names it: the first frame outside this class. */
    private static String callerName() {
        StackWalker.StackFrame caller = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(TestServer.class.getName())).findFirst().orElse(null));
        return caller == null ? null : caller.getClassName() + "." + caller.getMethodName();
    }

    /** Prints {@code SKIPPED <test>: <reason>} to stderr and aborts the test (JUnit reports it skipped). */
    static void skip(String test, String reason) {
        System.err.println("SKIPPED" + (test == null ? "" : " " + test) + ": " + reason);
        Assumptions.assumeTrue(false, reason);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code host:port}, as the CLI's {@code -c} option takes it (IPv6 hosts in brackets). */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The command-line options that reach this server as its test user: {@code -c HOST:PORT} and a
     * {@code --password-file} (never the password itself on a command line).
     */
    public java.util.List<String> connectArgs() {
        return java.util.List.of("-c", address(), "--password-file", passwordFile().toString());
    }

    /** {@code args} followed by {@link #connectArgs()}: a command line that reaches this server. */
    public String[] commandLine(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.Arrays.asList(args));
        all.addAll(connectArgs());
        return all.toArray(String[]::new);
    }

    private java.nio.file.Path passwordFile;

    private synchronized java.nio.file.Path passwordFile() {
        if (passwordFile == null) {
            try {
                passwordFile = java.nio.file.Files.createTempFile("rethink-migrate-test-password", "");
                passwordFile.toFile().deleteOnExit();
                java.nio.file.Files.writeString(passwordFile, password, java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return passwordFile;
    }

    public String password() {
        return password;
    }

    /** True unless {@code RETHINKDB_TEST_REAL=1}. */
    public boolean isReqlite() {
        return !real;
    }

    public boolean isReal() {
        return real;
    }

    /** A throwaway name: prefix + "_" + 10 random [a-z0-9]; the prefix is cleaned to [A-Za-z0-9_]. */
    public static String uniqueName(String prefix) {
        String clean = (prefix == null ? "" : prefix).replaceAll("[^A-Za-z0-9_]", "_");
        if (clean.isEmpty()) {
            clean = "t";
        }
        StringBuilder sb = new StringBuilder(clean).append('_');
        for (int i = 0; i < 10; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return (real ? "RethinkDB " : "reqlite ") + address();
    }
}
