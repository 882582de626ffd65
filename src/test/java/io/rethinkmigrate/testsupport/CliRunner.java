package io.rethinkmigrate.testsupport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the product jar as a separate process: {@code java -jar <jar> args...}. The jar is
 * {@code RETHINK_MIGRATE_JAR} (set by failsafe) or {@code target/rethink-migrate.jar} under the repo root.
 * <pre>
 *   CliResult r = new CliRunner().run("dump", "-c", server.address(), "-f", file.toString());
 *   CliResult r = new CliRunner().timeout(Duration.ofMinutes(5)).stdin(bytes).run("restore", "-", ...);
 * </pre>
 */
public final class CliRunner {
    public static final String ENV_JAR = "RETHINK_MIGRATE_JAR";

    private Duration timeout = Duration.ofSeconds(300);
    private byte[] stdin;
    private Path workDir;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();

    /** The product jar; fails clearly if it was not built. */
    public static Path jar() {
        String env = System.getenv(ENV_JAR);
        Path p = env != null && !env.isBlank() ? Path.of(env) : RepoPaths.root().resolve("target/rethink-migrate.jar");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("product jar " + p.toAbsolutePath() + " not found: build it with "
                    + "mvn package (integration tests run after the package phase), or set " + ENV_JAR);
        }
        return p.toAbsolutePath();
    }

    public CliRunner timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /** Bytes fed to the process's stdin (default: none, stdin is /dev/null). */
    public CliRunner stdin(byte[] bytes) {
        this.stdin = bytes;
        return this;
    }

    public CliRunner stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    public CliRunner env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public CliRunner workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public CliRunner jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public CliResult run(String... args) {
        ProcessRunner.Outcome o = runRaw(args);
        return new CliResult(o.exitCode(), o.stdoutText(), o.stderrText());
    }

    public CliResult run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    /** Like {@link #run} but keeps stdout as bytes (e.g. an archive written to {@code -f -}). */
    public ProcessRunner.Outcome runRaw(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(Arrays.asList(args));
        return ProcessRunner.run(cmd, workDir, env, stdin, timeout);
    }
}
