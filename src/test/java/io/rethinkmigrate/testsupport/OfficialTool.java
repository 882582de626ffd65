package io.rethinkmigrate.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The official RethinkDB tools (rethinkdb-python's {@code dump}, {@code restore}, ...) as a test peer,
 * run as {@code PYTHON -m rethinkdb COMMAND ...}. Found through {@code RETHINKDB_OFFICIAL_PYTHON} (a
 * Python interpreter that imports the {@code rethinkdb} package), else the first of {@code python3} on
 * PATH and {@code /usr/bin/python3} that imports it. Nothing of them is part of this project.
 */
public final class OfficialTool {
    public static final String ENV_PYTHON = "RETHINKDB_OFFICIAL_PYTHON";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final String python;

    private OfficialTool(String python) {
        this.python = python;
    }

    /** The official tools, or empty (with the reason printed) when no Python here has them. */
    public static Optional<OfficialTool> find() {
        String configured = System.getenv(ENV_PYTHON);
        List<String> candidates = configured != null && !configured.isBlank() ? List.of(configured)
                : List.of("python3", "/usr/bin/python3");
        for (String candidate : candidates) {
            if (importsTheTools(candidate)) {
                return Optional.of(new OfficialTool(candidate));
            }
        }
        return Optional.empty();
    }

    /** The official tools; skips the calling test, saying why, when they are not installed. */
    public static OfficialTool require() {
        Optional<OfficialTool> tool = find();
        if (tool.isEmpty()) {
            String reason = "the official RethinkDB Python tools are not installed (no python3 here imports"
                    + " rethinkdb._dump and rethinkdb._restore; set " + ENV_PYTHON + " to a Python that does)";
            System.err.println("SKIPPED official-tool round trip: " + reason);
            Assumptions.assumeTrue(false, reason);
        }
        return tool.get();
    }

    private static boolean importsTheTools(String candidate) {
        if (candidate.contains("/") && !Files.isExecutable(Path.of(candidate))) {
            return false;
        }
        try {
            return ProcessRunner.run(List.of(candidate, "-c", "import rethinkdb._dump, rethinkdb._restore"), null,
                    Map.of(), null, PROBE_TIMEOUT).exitCode() == 0;
        } catch (RuntimeException e) {
            return false; // no such interpreter
        }
    }

    /** Runs {@code rethinkdb COMMAND ARGS...} of the official tools and returns what it did. */
    public CliResult run(Duration timeout, String command, String... args) {
        List<String> line = new ArrayList<>(List.of(python, "-m", "rethinkdb", command));
        line.addAll(List.of(args));
        ProcessRunner.Outcome outcome = ProcessRunner.run(line, null, Map.of(), null, timeout);
        return new CliResult(outcome.exitCode(), outcome.stdoutText(), outcome.stderrText());
    }
}
