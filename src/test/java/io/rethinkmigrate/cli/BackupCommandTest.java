package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rethinkmigrate.error.MigrateException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackupCommandTest {
    @Test
    void durationsInSecondsMinutesHoursDays() {
        assertEquals(Duration.ofSeconds(90), BackupCommand.parseDuration("--keep", "90s"));
        assertEquals(Duration.ofMinutes(30), BackupCommand.parseDuration("--keep", "30m"));
        assertEquals(Duration.ofHours(24), BackupCommand.parseDuration("--base-every", "24h"));
        assertEquals(Duration.ofDays(7), BackupCommand.parseDuration("--keep", "7D"));
    }

    @Test
    void zeroNegativeOrUnitlessDurationsAreUsageErrors() {
        for (String bad : new String[] {"0d", "-1h", "7", "1w", "h"}) {
            assertThrows(MigrateException.class, () -> BackupCommand.parseDuration("--keep", bad), bad);
        }
    }

    @Test
    void backupWithoutDirectoryIsAUsageError() {
        assertEquals(ExitCode.USAGE.code(), Main.run("backup", "-c", "127.0.0.1:1"));
    }

    @Test
    void untilWithAnArchiveIsAUsageError() {
        assertEquals(ExitCode.USAGE.code(), Main.run("restore", "pom.xml", "--until", "latest", "-c", "127.0.0.1:1"));
    }
}
