package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.ProcessRunner;
import io.rethinkmigrate.testsupport.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install.sh into a temporary PREFIX: the installed launchers run the installed jar (not the
 * repository's), from any directory; --uninstall removes them. Needs no server (the jar exists: this
 * runs after `package`).
 */
@Timeout(300)
class InstallIT {
    /** The launchers must find the installed jar by themselves, not through failsafe's variable. */
    private static final Map<String, String> ENV = Map.of("RETHINK_MIGRATE_JAR", "");

    @TempDir
    Path tmp;

    private ProcessRunner.Outcome run(String... command) {
        return ProcessRunner.run(new ArrayList<>(Arrays.asList(command)), tmp, ENV, null, Duration.ofSeconds(120));
    }

    private ProcessRunner.Outcome install(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", RepoPaths.scripts().resolve("install.sh").toString()));
        cmd.addAll(Arrays.asList(args));
        return ProcessRunner.run(cmd, tmp, ENV, null, Duration.ofSeconds(240));
    }

    private static String describe(ProcessRunner.Outcome o) {
        return "exit " + o.exitCode() + "\nstdout:\n" + o.stdoutText() + "\nstderr:\n" + o.stderrText();
    }

    @Test
    void installedLaunchersRunTheInstalledJar() throws IOException {
        Path prefix = tmp.resolve("prefix");
        ProcessRunner.Outcome in = install(prefix.toString());
        assertEquals(0, in.exitCode(), describe(in));
        Path jar = prefix.resolve("lib/rethink-migrate/rethink-migrate.jar");
        assertTrue(Files.isRegularFile(jar), describe(in));
        for (String name : List.of("rethink-migrate", "rethinkdb-dump", "rethinkdb-restore", "rethinkdb-export", "rethinkdb-import")) {
            assertTrue(Files.isExecutable(prefix.resolve("bin").resolve(name)), name);
        }

        ProcessRunner.Outcome help = run(prefix.resolve("bin/rethinkdb-dump").toString(), "--help");
        assertEquals(0, help.exitCode(), describe(help));
        assertTrue(help.stdoutText().startsWith("Usage: rethink-migrate dump"), describe(help));
        assertTrue(help.stdoutText().contains("--overwrite-file") && help.stdoutText().contains("RETHINKDB_PASSWORD"), describe(help));

        ProcessRunner.Outcome restoreHelp = run(prefix.resolve("bin/rethinkdb-restore").toString(), "--help");
        assertEquals(0, restoreHelp.exitCode(), describe(restoreHelp));
        assertTrue(restoreHelp.stdoutText().startsWith("Usage: rethink-migrate restore"), describe(restoreHelp));

        ProcessRunner.Outcome exportHelp = run(prefix.resolve("bin/rethinkdb-export").toString(), "--help");
        assertEquals(0, exportHelp.exitCode(), describe(exportHelp));
        assertTrue(exportHelp.stdoutText().startsWith("Usage: rethink-migrate export"), describe(exportHelp));

        ProcessRunner.Outcome importHelp = run(prefix.resolve("bin/rethinkdb-import").toString(), "--help");
        assertEquals(0, importHelp.exitCode(), describe(importHelp));
        assertTrue(importHelp.stdoutText().startsWith("Usage: rethink-migrate import"), describe(importHelp));

        ProcessRunner.Outcome version = run(prefix.resolve("bin/rethink-migrate").toString(), "--version");
        assertEquals(0, version.exitCode(), describe(version));
        assertTrue(version.stdoutText().strip().matches("rethink-migrate \\d+\\.\\d+\\.\\d+\\S*"), describe(version));

        // it is the installed jar that runs: without it the launcher fails, it does not fall back to target/
        Files.move(jar, tmp.resolve("moved.jar"));
        ProcessRunner.Outcome missing = run(prefix.resolve("bin/rethink-migrate").toString(), "--version");
        assertEquals(1, missing.exitCode(), describe(missing));
        assertTrue(missing.stderrText().contains("cannot find rethink-migrate.jar"), describe(missing));
        Files.move(tmp.resolve("moved.jar"), jar);

        ProcessRunner.Outcome again = install(prefix.toString());
        assertEquals(0, again.exitCode(), "reinstalling over an installation works: " + describe(again));

        ProcessRunner.Outcome out = install("--uninstall", prefix.toString());
        assertEquals(0, out.exitCode(), describe(out));
        assertFalse(Files.exists(prefix.resolve("lib/rethink-migrate")), describe(out));
        for (String name : List.of("rethink-migrate", "rethinkdb-dump", "rethinkdb-restore", "rethinkdb-export", "rethinkdb-import")) {
            assertFalse(Files.exists(prefix.resolve("bin").resolve(name)), name);
        }
    }

    @Test
    void doesNotReplaceOrRemoveSomeoneElsesLauncher() throws IOException {
        Path prefix = tmp.resolve("other");
        Path official = Files.createDirectories(prefix.resolve("bin")).resolve("rethinkdb-dump");
        Files.writeString(official, "#!/bin/sh\necho official\n");
        ProcessRunner.Outcome in = install(prefix.toString());
        assertEquals(1, in.exitCode(), describe(in));
        assertTrue(in.stderrText().contains(official + " exists and is not a rethink-migrate launcher"), describe(in));
        assertFalse(Files.exists(prefix.resolve("lib/rethink-migrate")), "nothing installed: " + describe(in));

        ProcessRunner.Outcome out = install("--uninstall", prefix.toString());
        assertEquals(0, out.exitCode(), describe(out));
        assertEquals("#!/bin/sh\necho official\n", Files.readString(official), "left alone");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        ProcessRunner.Outcome o = install("--frobnicate");
        assertEquals(2, o.exitCode(), describe(o));
        assertTrue(o.stderrText().startsWith("usage: bash scripts/install.sh"), describe(o));
    }
}
