package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.WriteOptions;
import io.rethinkmigrate.cli.options.SelectionOptions;
import io.rethinkmigrate.cli.options.JobOptions;

import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.index.IndexRebuildOptions;
import io.rethinkmigrate.engine.index.IndexRebuilder;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `index-rebuild`: the official `rethinkdb index-rebuild`, rebuilding outdated indexes without downtime. */
@Command(name = "index-rebuild", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Rebuild outdated secondary indexes (built by an older RethinkDB) without taking them "
                + "away: each is built again under a temporary name, then renamed over the old one.")
final class IndexRebuildCommand implements Callable<Integer> {

    @Mixin
    JobOptions job;

    @Mixin
    SelectionOptions tables = new SelectionOptions(SelectionOptions.Kind.REBUILD);

    @Option(names = "-n", paramLabel = "N",
            description = "indexes rebuilt at once, each on its own connection (default: "
                    + IndexRebuildOptions.DEFAULT_CONCURRENCY + ")")
    int concurrency = IndexRebuildOptions.DEFAULT_CONCURRENCY;

    @Option(names = "--force", description = "rebuild every selected index, not only the outdated ones")
    boolean force;

    @Override
    public Integer call() throws Exception {
        return job.reported("index-rebuild", this::rebuild);
    }

    private Integer rebuild() throws Exception {
        WriteOptions.checkPositive("-n", concurrency);
        Selection selection = tables.selection();
        ConnectOptions connect = job.connection.toConnectOptions();
        PrintStream err = System.err;
        boolean quiet = job.run.quiet();
        ProgressListener progress = job.run.progress(err, "rebuilding indexes of");
        if (!quiet) {
            err.println("Rebuilding " + (force ? "all" : "outdated") + " indexes on " + connect.endpoint());
        }
        RunSummary summary = new IndexRebuilder(() -> Connection.open(connect),
                new IndexRebuildOptions(selection, concurrency, force), progress).rebuild();
        job.run.report.summary(summary);
        if (summary.tables().isEmpty()) {
            if (!quiet) {
                err.println(force ? "No index to rebuild." : "No outdated index (--force rebuilds them all).");
                summary.warnings().forEach(w -> err.println("warning: " + w));
            }
            return ExitCode.OK.code();
        }
        return job.run.finish(err, "Index rebuild", summary);
    }
}
