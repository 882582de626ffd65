package io.rethinkmigrate.testsupport;

/** Outcome of one run of the product jar. */
public record CliResult(int exitCode, String stdout, String stderr) {
    /** For assertion messages. */
    public String describe() {
        return "exit " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
    }
}
