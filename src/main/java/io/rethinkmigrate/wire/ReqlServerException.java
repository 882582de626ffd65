package io.rethinkmigrate.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.error.ErrorKind;

/** The server answered a query with an error. */
public class ReqlServerException extends ReqlException {
    private final ResponseKind responseKind;
    private final ErrorType errorType;
    private final String serverMessage;
    private final JsonNode backtrace;

    public ReqlServerException(Endpoint server, ResponseKind responseKind, ErrorType errorType,
                               String serverMessage, JsonNode backtrace) {
        super(ErrorKind.SERVER, "RethinkDB server " + server + " refused the query: "
                + oneLine(serverMessage) + " (" + responseKind + ", " + errorType + ")");
        this.responseKind = responseKind;
        this.errorType = errorType;
        this.serverMessage = serverMessage;
        this.backtrace = backtrace;
    }

    public ResponseKind responseKind() {
        return responseKind;
    }

    public ErrorType errorType() {
        return errorType;
    }

    /** The server's text (r[0]) as sent. */
    public String serverMessage() {
        return serverMessage;
    }

    /** The {@code b} field of the response, or null. */
    public JsonNode backtrace() {
        return backtrace;
    }

    private static String oneLine(String text) {
        return text == null ? "(no message)" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
