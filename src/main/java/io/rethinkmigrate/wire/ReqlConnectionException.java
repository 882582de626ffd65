package io.rethinkmigrate.wire;

import io.rethinkmigrate.error.ErrorKind;

/** The server could not be reached, did not answer in time, or the connection broke. */
public class ReqlConnectionException extends ReqlException {
    public ReqlConnectionException(String message) {
        super(ErrorKind.CONNECTION, message);
    }

    public ReqlConnectionException(String message, Throwable cause) {
        super(ErrorKind.CONNECTION, message, cause);
    }
}
