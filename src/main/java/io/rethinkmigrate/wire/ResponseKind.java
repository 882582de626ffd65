package io.rethinkmigrate.wire;

/** Which kind of error response the server sent ({@code t} of the response). */
public enum ResponseKind {
    CLIENT_ERROR, COMPILE_ERROR, RUNTIME_ERROR, UNKNOWN;

    static ResponseKind of(int t) {
        return switch (t) {
            case Protocol.CLIENT_ERROR -> CLIENT_ERROR;
            case Protocol.COMPILE_ERROR -> COMPILE_ERROR;
            case Protocol.RUNTIME_ERROR -> RUNTIME_ERROR;
            default -> UNKNOWN;
        };
    }
}
