package io.rethinkmigrate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
    @Test
    void capturesExitCodeStdoutStderrAndFeedsStdin() {
        byte[] big = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
        ProcessRunner.Outcome o = ProcessRunner.run(List.of("bash", "-c", "cat; echo \"err $FOO\" >&2; exit 3"),
                null, Map.of("FOO", "bar"), big, Duration.ofSeconds(30));
        assertEquals(3, o.exitCode());
        assertEquals(1 << 20, o.stdout().length);
        assertEquals("err bar\n", o.stderrText());
    }

    @Test
    void noStdinMeansEof() {
        ProcessRunner.Outcome o = ProcessRunner.run(List.of("bash", "-c", "wc -c"), null, null, null,
                Duration.ofSeconds(30));
        assertEquals("0", o.stdoutText().trim());
    }

    @Test
    void killsOnTimeout() {
        long t0 = System.nanoTime();
        assertThrows(ProcessRunner.TimeoutException.class, () -> ProcessRunner.run(
                List.of("bash", "-c", "echo started; sleep 30"), null, null, null, Duration.ofMillis(500)));
        assertEquals(true, System.nanoTime() - t0 < 15_000_000_000L);
    }
}
