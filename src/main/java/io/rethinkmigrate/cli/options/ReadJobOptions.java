package io.rethinkmigrate.cli.options;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What `backup` and `plan` take before their own options, in this order in the help: the connection,
 * -q/--debug, --report and which tables they read ({@link ReadOptions}). No --progress: backup prints its
 * own lines and plan only reads sizes.
 */
public final class ReadJobOptions {
    @Mixin
    public ConnectionOptions connection;

    @Mixin
    public OutputOptions output;

    @Mixin
    public ReportOptions report;

    @Mixin
    public ReadOptions read;

    public boolean quiet() {
        return output.quiet;
    }

    /** Runs the command's body under --report, naming this connection's server. */
    public int reported(String command, Callable<Integer> body) throws Exception {
        return report.run(command, connection, body);
    }
}
