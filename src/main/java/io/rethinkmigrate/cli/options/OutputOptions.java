package io.rethinkmigrate.cli.options;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command shares about what it prints. */
public final class OutputOptions {
    @Option(names = {"-q", "--quiet"}, description = "suppress non-error messages")
    public boolean quiet;

    @Mixin
    public DebugOption debug;
}
