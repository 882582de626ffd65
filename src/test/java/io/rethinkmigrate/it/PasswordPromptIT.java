package io.rethinkmigrate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.CliRunner;
import io.rethinkmigrate.testsupport.RecordedServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * `-p` prompts on the terminal with echo off, as the official tools' `-p` does: run under a
 * pseudo-terminal (util-linux `script`), the typed password logs in and is not shown on the screen.
 */
class PasswordPromptIT {
    private static final String SECRET = "typed-Pa55-9911";

    @Test
    void promptReadsThePasswordFromTheTerminalWithoutEchoingIt() throws Exception {
        Path script = Path.of("/usr/bin/script");
        if (!Files.isExecutable(script)) {
            System.out.println("SKIPPED PasswordPromptIT: no /usr/bin/script (util-linux) to give the tool a terminal");
            Assumptions.abort("no /usr/bin/script");
        }
        try (RecordedServer server = RecordedServer.start().user("admin", SECRET)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String command = java + " -jar " + CliRunner.jar() + " version -c " + server.endpoint() + " -p";
            Process p = new ProcessBuilder(List.of(script.toString(), "-q", "-e", "-c", command, "/dev/null"))
                    .redirectErrorStream(true).start();
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            InputStream in = p.getInputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!screen.toString(StandardCharsets.UTF_8).contains("Password for `admin`: ")) {
                assertTrue(System.nanoTime() < deadline, "no prompt: " + screen);
                int b = in.read();
                assertTrue(b >= 0, "ended before prompting: " + screen);
                screen.write(b);
            }
            OutputStream keyboard = p.getOutputStream();
            keyboard.write((SECRET + "\r").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            in.transferTo(screen);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String shown = screen.toString(StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), shown);
            assertTrue(shown.contains("server 127.0.0.1:" + server.endpoint().port()), "logged in: " + shown);
            assertFalse(shown.contains(SECRET), "the typed password is not echoed: " + shown);
        }
    }
}
