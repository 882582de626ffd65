package io.rethinkmigrate.engine.reql;

/** An index query text that cannot be translated into a ReQL term; says what and where. */
public final class IndexQueryException extends Exception {
    public IndexQueryException(String message) {
        super(message);
    }
}
