package io.rethinkmigrate.archive;

/**
 * A table's data has more bad rows or documents than allowed (`import --max-errors`): the table fails,
 * the run goes on with the next one. The message names the file and line.
 */
public final class BadDataException extends ArchiveException {
    public BadDataException(String message) {
        super(message);
    }

    /** Whether {@code e} or its cause is one: the restore engine fails only the table for these. */
    public static boolean isOrCauses(Throwable e) {
        return e instanceof BadDataException || (e != null && e.getCause() instanceof BadDataException);
    }
}
