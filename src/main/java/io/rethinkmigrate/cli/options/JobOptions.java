package io.rethinkmigrate.cli.options;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What a command that runs a job against one cluster takes before its own options: the connection
 * (with --connect-timeout/--idle-timeout) and {@link RunOptions}, in that order in the help.
 */
public final class JobOptions {
    @Mixin
    public ConnectionOptions connection;

    @Mixin
    public RunOptions run;

    /** Runs the command's body under --report, naming this connection's server. */
    public int reported(String command, Callable<Integer> body) throws Exception {
        return run.run(command, connection, body);
    }
}
