package io.rethinkmigrate.wire;

/** Runtime error kinds ({@code e} of a response, {@code Response.ErrorType} in ql2.proto). */
public enum ErrorType {
    INTERNAL(1000000),
    RESOURCE_LIMIT(2000000),
    QUERY_LOGIC(3000000),
    NON_EXISTENCE(3100000),
    OP_FAILED(4100000),
    OP_INDETERMINATE(4200000),
    USER(5000000),
    PERMISSION_ERROR(6000000),
    /** No {@code e} in the response (compile/client errors, reqlite) or a number we do not know. */
    UNKNOWN(-1);

    private final int code;

    ErrorType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static ErrorType of(Integer code) {
        if (code != null) {
            for (ErrorType type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
        }
        return UNKNOWN;
    }
}
