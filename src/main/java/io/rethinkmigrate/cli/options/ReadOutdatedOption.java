package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.engine.read.DumpOptions;
import picocli.CommandLine.Option;

/** `--read-outdated` of every command that reads tables (dump, export, backup, plan, copy, verify). */
public final class ReadOutdatedOption {
    @Option(names = "--read-outdated",
            description = "read from any replica of the cluster read, possibly outdated (faster, less load on primaries)")
    public boolean readOutdated;

    /** {@code options} reading outdated data when --read-outdated is given. */
    public DumpOptions applyTo(DumpOptions options) {
        return options.withReadOutdated(readOutdated);
    }
}
