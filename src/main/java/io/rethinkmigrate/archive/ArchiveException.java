package io.rethinkmigrate.archive;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;

/** An archive that cannot be read or does not follow the layout. The message names the file and member. */
public class ArchiveException extends MigrateException {
    public ArchiveException(String message) {
        super(ErrorKind.ARCHIVE, message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(ErrorKind.ARCHIVE, message, cause);
    }
}
