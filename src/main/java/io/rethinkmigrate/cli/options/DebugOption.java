package io.rethinkmigrate.cli.options;

import picocli.CommandLine.Option;

/** `--debug`, which every command takes, `version` too (Main reads it to print stack traces). */
public final class DebugOption {
    @Option(names = "--debug", description = "print stack traces of errors")
    public boolean debug;
}
