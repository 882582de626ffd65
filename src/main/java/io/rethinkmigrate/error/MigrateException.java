package io.rethinkmigrate.error;

/**
 * Base of every failure the library reports. The message is one line meant for an operator: it names
 * the host, file, table or option concerned.
 */
public class MigrateException extends RuntimeException {
    private final ErrorKind kind;

    public MigrateException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public MigrateException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
