package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.SelectionOptions;
import io.rethinkmigrate.cli.options.ConnectionOptions;
import io.rethinkmigrate.cli.options.ReadOptions;
import io.rethinkmigrate.cli.options.RunOptions;
import io.rethinkmigrate.cli.options.SideConnectionOptions;
import io.rethinkmigrate.cli.options.WriteOptions;

import io.rethinkmigrate.engine.copy.ChangeFollower;
import io.rethinkmigrate.engine.copy.FollowListener;
import io.rethinkmigrate.engine.copy.FollowResult;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.copy.LiveSourceReader;
import io.rethinkmigrate.engine.restore.Renaming;
import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.engine.restore.Restorer;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ConnectOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `copy`: tables straight from one cluster into another, no archive in between. The source is read as an
 * archive ({@link LiveSourceReader}) and written by the restore engine, so a copy keeps what a
 * dump/restore keeps; `--follow` then applies the source's changes until stopped ({@link ChangeFollower}).
 */
@Command(name = "copy", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Copy tables from one cluster into another (or into other databases of the same one), "
                + "optionally following changes until stopped.")
final class CopyCommand implements Callable<Integer> {

    @Mixin
    SideConnectionOptions.From from;

    @Mixin
    SideConnectionOptions.To to;

    @Mixin
    RunOptions run;

    @Mixin
    SelectionOptions tables = new SelectionOptions(SelectionOptions.Kind.COPY);

    @Option(names = "--rename", paramLabel = "OLD=NEW",
            description = "copy database OLD as NEW (DB=NEWDB) or table OLD as NEW (DB.TABLE=NEWDB.NEWTABLE); repeatable")
    List<String> renames = new ArrayList<>();

    @Mixin
    ReadOptions.Outdated outdated;

    @Mixin
    WriteOptions write;

    @Option(names = "--follow", description = "after the copy, apply the source's changes to the target until "
            + "stopped (Ctrl-C) or --until-idle")
    boolean follow;

    @Option(names = "--until-idle", paramLabel = "SECONDS",
            description = "with --follow: stop once no change arrived for this long")
    Double untilIdle;

    @Option(names = "--lag-every", paramLabel = "SECONDS",
            description = "with --follow: report the lag this often (default: ${DEFAULT-VALUE})")
    double lagEvery = 5;

    @Override
    public Integer call() throws Exception {
        return run.run("copy", targetForReport(), this::copy);
    }

    /** The report names the server written to, as a restore's does. */
    private ConnectionOptions targetForReport() {
        ConnectionOptions target = new ConnectionOptions(name -> null);
        target.connect = to.address();
        return target;
    }

    private Integer copy() throws Exception {
        checkOptions();
        Selection selection = tables.selection();
        Renaming renaming = Renaming.parse(renames);
        ConnectOptions source = from.toConnectOptions();
        ConnectOptions target = to.toConnectOptions();
        PrintStream err = System.err;
        ProgressListener progress = run.progress(err, "copying", renaming);
        RestoreOptions options = write.applyTo(RestoreOptions.builder()).renaming(renaming).build();
        ChangeFollower follower = follow ? new ChangeFollower(() -> Connection.open(source),
                () -> Connection.open(target), renaming, write.hardDurability, new FollowPrinter(err, run.quiet())) : null;
        LiveSourceReader reader = sourceReader(source, selection, follower);
        reader.warnings().forEach(progress::warning);
        if (!run.quiet()) {
            err.println("Copying from " + source.endpoint() + " to " + target.endpoint());
        }
        StopOnInterrupt stop = follower == null ? null : new StopOnInterrupt(follower);
        try {
            ProgressListener restoring = follower == null ? progress : follower.startingTablesAsCopied(progress);
            RunSummary copied = new Restorer(() -> Connection.open(target), options, restoring).restore(reader);
            List<String> warnings = new ArrayList<>(reader.warnings());
            copied.warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
            RunSummary summary = new RunSummary(copied.tables(), warnings, copied.elapsed());
            int copyCode = run.finish(err, "Copy", summary);
            boolean followedOk = follower == null || followChanges(follower, stop, summary.tables().size(), err);
            return followedOk ? copyCode : ExitCode.PARTIAL.code();
        } finally {
            if (follower != null) {
                follower.close();
                stop.done();
            }
        }
    }

    private void checkOptions() {
        write.validate();
        if (untilIdle != null && !follow) {
            throw new MigrateException(ErrorKind.USAGE, "--until-idle needs --follow");
        }
        if (untilIdle != null && !(untilIdle > 0)) {
            throw new MigrateException(ErrorKind.USAGE, "--until-idle " + untilIdle + ": must be more than 0 seconds");
        }
        if (!(lagEvery > 0)) {
            throw new MigrateException(ErrorKind.USAGE, "--lag-every " + lagEvery + ": must be more than 0 seconds");
        }
    }

    /** The source cluster read as an archive, its catalog already read. */
    private LiveSourceReader sourceReader(ConnectOptions source, Selection selection, ChangeFollower follower) {
        // the source is read as a dump reads it, two key ranges at once (the inserts are the slower side);
        // --clients is the target's
        DumpOptions reading = outdated.applyTo(DumpOptions.defaults().withSelection(selection)).withClients(2);
        LiveSourceReader reader = new LiveSourceReader(() -> Connection.open(source), reading,
                LiveSourceReader.DEFAULT_QUEUE_BYTES, follower);
        reader.catalog(); // selection errors name the source before anything is written
        return reader;
    }

    /** --follow, once the copy is done: false when following a table failed. */
    private boolean followChanges(ChangeFollower follower, StopOnInterrupt stop, int tables, PrintStream err)
            throws InterruptedException {
        follower.startAll();
        stop.following();
        if (!run.quiet()) {
            err.println("Following changes of " + tables + " table(s) "
                    + (untilIdle != null ? "until none came for " + untilIdle + " s" : "until Ctrl-C"));
        }
        List<FollowResult> results = follower.follow(
                untilIdle == null ? null : Duration.ofMillis(Math.round(untilIdle * 1000)),
                Duration.ofMillis(Math.round(lagEvery * 1000)));
        boolean followedOk = results.stream().allMatch(FollowResult::ok);
        if (!run.quiet() || !followedOk) {
            printFollowResults(err, results);
        }
        return followedOk;
    }

    static void printFollowResults(PrintStream err, List<FollowResult> results) {
        err.println("Following stopped:");
        for (FollowResult r : results) {
            String name = r.source().equals(r.target()) ? r.source().toString() : r.source() + " -> " + r.target();
            err.println(String.format(Locale.ROOT, "  %-40s %8d changes applied  %d resync(s)  source %s  target %s%s%s",
                    name, r.applied(), r.resyncs(), count(r.sourceDocuments()), count(r.targetDocuments()),
                    r.writeHook() ? "  write hook set" : "", r.ok() ? "" : "  FAILED: " + r.error()));
        }
        err.flush();
    }

    private static String count(long documents) {
        return documents < 0 ? "? documents" : documents + " documents";
    }

    /** Lag lines and notices of the follower on stderr (notices also when quiet: they explain failures). */
    private record FollowPrinter(PrintStream err, boolean quiet) implements FollowListener {
        @Override
        public void lag(int tables, long waiting, double secondsBehind, long applied, long resyncs) {
            if (!quiet) {
                err.println(String.format(Locale.ROOT,
                        "following %d table(s): %d change(s) waiting, %.1f s behind, %d applied, %d resync(s)",
                        tables, waiting, secondsBehind, applied, resyncs));
            }
        }

        @Override
        public void notice(TableId table, String message) {
            err.println("warning: " + table + ": " + message);
        }
    }

    /**
     * Ctrl-C while following is the normal way to stop: the follower applies what it received, sets the
     * write hooks and the final state is printed before the JVM exits (code 130). During the initial copy
     * it only stops the feeds.
     */
    private static final class StopOnInterrupt {
        /** How long Ctrl-C waits for the follower to finish cleanly. */
        private static final long STOP_WAIT_SECONDS = 90;
        private final Thread hook;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean following;

        StopOnInterrupt(ChangeFollower follower) {
            hook = new Thread(() -> {
                follower.requestStop();
                if (following) {
                    try {
                        done.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        // exiting anyway
                    }
                }
            }, "copy-stop-on-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        void following() {
            following = true;
        }

        void done() {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: it is waiting for this
            }
        }
    }
}
