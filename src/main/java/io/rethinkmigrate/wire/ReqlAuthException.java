package io.rethinkmigrate.wire;

import io.rethinkmigrate.error.ErrorKind;

/** The server refused the user, password or auth key. */
public class ReqlAuthException extends ReqlException {
    private final int errorCode;

    public ReqlAuthException(String message, int errorCode) {
        super(ErrorKind.AUTHENTICATION, message);
        this.errorCode = errorCode;
    }

    /** The server's {@code error_code} (10-20 for V1_0; 0 when the server gave none, e.g. V0_4). */
    public int errorCode() {
        return errorCode;
    }
}
