package io.rethinkmigrate.wire;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;

/** Base of every failure of the RethinkDB client. */
public class ReqlException extends MigrateException {
    public ReqlException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public ReqlException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
