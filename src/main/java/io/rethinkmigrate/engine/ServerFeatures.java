package io.rethinkmigrate.engine;

import io.rethinkmigrate.wire.ReqlServerException;
import io.rethinkmigrate.wire.ResponseKind;

/** How to tell that a server lacks a feature, from the error's type rather than its text. */
public final class ServerFeatures {
    private ServerFeatures() {
    }

    /**
     * True when the server does not know the term at all: older servers answer COMPILE_ERROR for
     * unknown terms (write hooks before 2.3.7, `wait` before 2.0); reqlite answers without a type.
     */
    public static boolean isUnsupported(ReqlServerException e) {
        return e.responseKind() == ResponseKind.COMPILE_ERROR
                || e.responseKind() == ResponseKind.UNKNOWN;
    }
}
