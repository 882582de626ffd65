package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The product jar is built and CliRunner can start it (no assumption about the CLI's behaviour). */
class CliRunnerIT {
    @Test
    void runsTheProductJar() {
        assertTrue(Files.isRegularFile(CliRunner.jar()), "jar " + CliRunner.jar());
        CliResult r = new CliRunner().run("--help");
        assertFalse(r.stderr().contains("Unable to access jarfile"), r.describe());
        assertFalse(r.stderr().contains("no main manifest attribute"), r.describe());
        assertFalse(r.stderr().contains("ClassNotFoundException"), r.describe());
    }
}
