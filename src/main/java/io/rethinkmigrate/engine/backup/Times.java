package io.rethinkmigrate.engine.backup;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Times as users write and read them: ISO-8601 (UTC when no offset is given), epoch milliseconds inside. */
public final class Times {
    private Times() {
    }

    public static String format(long millis) {
        return millis == Long.MAX_VALUE ? "(not yet)" : Instant.ofEpochMilli(millis).toString();
    }

    /** {@code 2026-12-04T21:30:00Z}, {@code 2026-12-04T22:30:00+01:00}, {@code 2026-12-04T21:30:00} (UTC). */
    public static long parse(String option, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.endsWith("Z") ? text : text + "Z").toEpochMilli();
            } catch (DateTimeParseException again) {
                throw new MigrateException(ErrorKind.USAGE, option + " " + text
                        + ": not an ISO-8601 time (e.g. 2026-12-04T21:30:00Z) nor `latest`");
            }
        }
    }
}
