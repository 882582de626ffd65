package io.rethinkmigrate.archive;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;

/**
 * An archive that cannot be read or does not follow the layout. The message names the file and member.
 * The kind says which exit code: {@link ErrorKind#ARCHIVE} unreadable (not gzip, corrupt tar, truncated,
 * bad layout), {@link ErrorKind#ARCHIVE_UNSAFE} a member that is not a plain file inside the archive,
 * {@link ErrorKind#ARCHIVE_TOO_LARGE} beyond the {@link io.rethinkmigrate.archive.tar.ArchiveLimits},
 * {@link ErrorKind#ARCHIVE_BAD_DATA} a member that is not valid JSON, {@link ErrorKind#ARCHIVE_INCONSISTENT} an
 * archive contradicting itself.
 */
public class ArchiveException extends MigrateException {
    public ArchiveException(String message) {
        super(ErrorKind.ARCHIVE, message);
    }

    /** One of the ARCHIVE_* kinds, each with its own exit code. */
    public ArchiveException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(ErrorKind.ARCHIVE, message, cause);
    }

    public ArchiveException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }

    /**
     * Whether a failure while reading one table's documents concerns only that table, so that the
     * following tables can still be read ({@code --skip-bad-tables}): invalid JSON or documents that
     * contradict the table's metadata. A truncated, corrupt or oversized archive concerns the whole run.
     */
    public static boolean isTableLocal(ErrorKind kind) {
        return kind == ErrorKind.ARCHIVE_BAD_DATA || kind == ErrorKind.ARCHIVE_INCONSISTENT;
    }

    /** Whether the kind is one of the archive's own (not the server's, not the connection's). */
    public static boolean isArchiveKind(ErrorKind kind) {
        return kind == ErrorKind.ARCHIVE || kind == ErrorKind.ARCHIVE_UNSAFE || kind == ErrorKind.ARCHIVE_TOO_LARGE
                || kind == ErrorKind.ARCHIVE_BAD_DATA || kind == ErrorKind.ARCHIVE_INCONSISTENT;
    }
}
