package io.rethinkmigrate.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external process with optional stdin bytes, capturing stdout and stderr fully (in
 * background threads, so neither pipe can block the child) under a timeout.
 */
public final class ProcessRunner {
    private ProcessRunner() {}

    /** Raw outcome of a process run. */
    public record Outcome(int exitCode, byte[] stdout, byte[] stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    /** Thrown when the process outlives its timeout (it is killed first). */
    public static final class TimeoutException extends RuntimeException {
        public TimeoutException(String message) {
            super(message);
        }
    }

    public static Outcome run(List<String> command, Path workDir, Map<String, String> env, byte[] stdin,
                              Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        if (env != null) {
            pb.environment().putAll(env);
        }
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread tOut = pump(p.getInputStream(), out, "stdout");
        Thread tErr = pump(p.getErrorStream(), err, "stderr");
        Thread tIn = null;
        if (stdin != null) {
            tIn = new Thread(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(stdin);
                } catch (IOException ignored) {
                    // the child may exit without reading everything
                }
            }, "process-stdin");
            tIn.setDaemon(true);
            tIn.start();
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                tOut.join(2000);
                tErr.join(2000);
                throw new TimeoutException("timed out after " + timeout.toSeconds() + " s: " + command
                        + "\n--- stdout so far:\n" + tail(out) + "\n--- stderr so far:\n" + tail(err));
            }
            tOut.join();
            tErr.join();
            if (tIn != null) {
                tIn.join(2000);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        synchronized (out) {
            synchronized (err) {
                return new Outcome(p.exitValue(), out.toByteArray(), err.toByteArray());
            }
        }
    }

    private static String tail(ByteArrayOutputStream s) {
        synchronized (s) {
            String t = s.toString(StandardCharsets.UTF_8);
            return t.length() > 4000 ? "..." + t.substring(t.length() - 4000) : t;
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // process killed
            }
        }, "process-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
