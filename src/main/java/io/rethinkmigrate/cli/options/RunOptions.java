package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.cli.ExitCode;
import io.rethinkmigrate.cli.progress.RenameProgress;
import io.rethinkmigrate.cli.progress.SummaryPrinter;
import io.rethinkmigrate.engine.restore.Renaming;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What every command that runs a job over tables shares besides its connection: `-q`/`--debug`,
 * `--progress` and `--report` (in that order in the help), and the end of the run: the summary recorded
 * for the report, printed, and turned into the exit code.
 */
public final class RunOptions {
    @Mixin
    public OutputOptions output;

    @Mixin
    public ProgressOptions progress;

    @Mixin
    public ReportOptions report;

    public boolean quiet() {
        return output.quiet;
    }

    /** Runs the command's body under --report ({@link ReportOptions#run}). */
    public int run(String command, ConnectionOptions connection, Callable<Integer> body) throws Exception {
        return report.run(command, connection, body);
    }

    /** The display chosen by --progress (none with -q), recorded for the report; {@code verb} as in "dumping". */
    public ProgressListener progress(PrintStream err, String verb) {
        return report.record(progress.listener(err, verb, output.quiet));
    }

    /**
     * {@link #progress(PrintStream, String)}, and (unless -q) a line naming the source table of each
     * renamed table as it starts: the progress lines name tables by their new names only.
     */
    public ProgressListener progress(PrintStream err, String verb, Renaming renaming) {
        ProgressListener progress = progress(err, verb);
        return output.quiet || renaming.isEmpty() ? progress : new RenameProgress(progress, err);
    }

    /**
     * The run reached its summary: it goes to the report and to stderr as "WHAT complete" (unless -q) or
     * "WHAT incomplete" (always); OK, or PARTIAL when a table is not done.
     */
    public int finish(PrintStream err, String what, RunSummary summary) {
        report.summary(summary);
        if (!output.quiet || !summary.allDone()) {
            SummaryPrinter.print(err, what + (summary.allDone() ? " complete" : " incomplete"), summary);
        }
        return summary.allDone() ? ExitCode.OK.code() : ExitCode.PARTIAL.code();
    }
}
