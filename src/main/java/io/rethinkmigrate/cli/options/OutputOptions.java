package io.rethinkmigrate.cli.options;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command shares about what it prints. */
public final class OutputOptions {
    @Option(names = {"-q", "--quiet"}, description = "suppress non-error messages")
    public boolean quiet;

    @Mixin
    public Debug debug;

    /** `--debug` alone, for `version`, which prints nothing -q could suppress (Main reads it for stack traces). */
    public static final class Debug {
        @Option(names = "--debug", description = "print stack traces of errors")
        public boolean debug;
    }
}
