package io.rethinkmigrate.archive;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;

/** An archive that cannot be read or does not follow the layout. The message names the file and member. */
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
}
