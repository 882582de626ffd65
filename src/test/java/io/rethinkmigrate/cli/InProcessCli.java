package io.rethinkmigrate.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the command line in this JVM, as an operator would type it, capturing stdout, stderr and the exit code. */
public final class InProcessCli {
    private InProcessCli() {
    }

    public record Outcome(int code, String out, String err) {
    }

    /** With the real environment. */
    public static Outcome run(String... args) {
        return run(System::getenv, args);
    }

    /** With an injected environment instead of the real one. */
    public static Outcome run(Map<String, String> env, String... args) {
        return run(env::get, args);
    }

    private static Outcome run(java.util.function.Function<String, String> env, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(env, args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A loopback port with nothing listening on it. */
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
