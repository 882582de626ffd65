package io.rethinkmigrate.wire;

import io.rethinkmigrate.error.ErrorKind;

/** The client refused to send a query (e.g. too large for the server): a caller bug, nothing was sent. */
public class ReqlClientException extends ReqlException {
    public ReqlClientException(String message) {
        super(ErrorKind.INTERNAL, message);
    }
}
