package io.rethinkmigrate.cli;

import io.rethinkmigrate.error.ErrorKind;

/** The one table of exit codes; `--help` lists it and docs/exit-codes.md repeats it. */
public enum ExitCode {
    OK(0, "success"),
    INTERNAL(1, "unexpected error (a bug: rerun with --debug and report it)"),
    USAGE(2, "bad command line: unknown option, bad value, missing argument"),
    CONNECTION(3, "cannot connect to the server, or the connection was lost"),
    AUTHENTICATION(4, "the server refused the user, password or auth key"),
    ARCHIVE(5, "the archive cannot be read or is not a valid dump"),
    TARGET_EXISTS(6, "refused to overwrite an existing output file or table (see --overwrite-file, --force)"),
    PARTIAL(7, "partly done: some tables failed, see the summary"),
    SERVER(8, "the server answered a query with an error"),
    IO(9, "a local file could not be read or written"),
    DIFFERENT(10, "verify found differences (the report names them)"),
    ARCHIVE_UNSAFE(11, "unsafe archive member: absolute path, `..`, link or device file"),
    ARCHIVE_TOO_LARGE(12, "archive too large: declared sizes or decompression beyond the limits"),
    ARCHIVE_BAD_DATA(13, "a data member of the archive is not valid JSON (file and line named)"),
    ARCHIVE_INCONSISTENT(14, "inconsistent archive (duplicate tables, metadata disagreeing with data) or set of parts"),
    INTERRUPTED(130, "interrupted (Ctrl-C)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public static ExitCode of(ErrorKind kind) {
        return switch (kind) {
            case USAGE -> USAGE;
            case CONNECTION -> CONNECTION;
            case AUTHENTICATION -> AUTHENTICATION;
            case ARCHIVE -> ARCHIVE;
            case ARCHIVE_UNSAFE -> ARCHIVE_UNSAFE;
            case ARCHIVE_TOO_LARGE -> ARCHIVE_TOO_LARGE;
            case ARCHIVE_BAD_DATA -> ARCHIVE_BAD_DATA;
            case ARCHIVE_INCONSISTENT -> ARCHIVE_INCONSISTENT;
            case DIFFERENT -> DIFFERENT;
            case TARGET_EXISTS -> TARGET_EXISTS;
            case SERVER -> SERVER;
            case PARTIAL -> PARTIAL;
            case INTERRUPTED -> INTERRUPTED;
            case IO -> IO;
            case INTERNAL -> INTERNAL;
        };
    }

    /** The table as help text. */
    static String table() {
        StringBuilder out = new StringBuilder("Exit codes:%n");
        for (ExitCode c : values()) {
            out.append(String.format("  %3d  %s%%n", c.code, c.meaning.replace("%", "%%")));
        }
        return out.toString();
    }
}
