package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.ReadJobOptions;
import io.rethinkmigrate.cli.progress.BackupProgress;

import io.rethinkmigrate.engine.backup.BackupOptions;
import io.rethinkmigrate.engine.backup.BackupRunner;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ConnectOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * `backup -d DIR`: continuous backup (a base per table plus a log of every change) until SIGINT or
 * SIGTERM, which stop it cleanly: the open segment is sealed and the exit code is 0. The format is in
 * docs/backup-format.md.
 */
@Command(name = "backup", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Back up a cluster continuously into a directory: a base archive per table, then every change "
                + "in log segments sealed every --segment-seconds. Runs until SIGINT or SIGTERM (the open segment is "
                + "sealed, exit 0). Restore any time of the kept window with `restore DIR --until TIME`.",
                "Format and precision: docs/backup-format.md."})
final class BackupCommand implements Callable<Integer> {

    @Mixin
    ReadJobOptions job;

    @Option(names = {"-d", "--directory"}, required = true, paramLabel = "DIR",
            description = "the backup directory (created; an existing backup directory is continued)")
    Path directory;

    @Option(names = "--segment-seconds", paramLabel = "N",
            description = "seal the open log segment every N seconds: at most this much is lost when the backup "
                    + "process dies (default: ${DEFAULT-VALUE})")
    long segmentSeconds = BackupOptions.DEFAULT_SEGMENT.toSeconds();

    @Option(names = "--poll-seconds", paramLabel = "N",
            description = "look for created and dropped tables and changed indexes and write hooks every N seconds "
                    + "(default: ${DEFAULT-VALUE})")
    long pollSeconds = BackupOptions.DEFAULT_POLL.toSeconds();

    @Option(names = "--base-every", paramLabel = "DURATION",
            description = "start a new base of every table this often: 30m, 24h, 7d (default: ${DEFAULT-VALUE})")
    String baseEvery = "24h";

    @Option(names = "--keep", paramLabel = "DURATION",
            description = "remove bases and segments no time inside the last DURATION needs (7d, 36h); default: keep everything")
    String keep;

    @Override
    public Integer call() throws Exception {
        return job.reported("backup", this::backup);
    }

    private Integer backup() throws Exception {
        if (segmentSeconds < 1 || pollSeconds < 1) {
            throw new MigrateException(ErrorKind.USAGE, "--segment-seconds and --poll-seconds must be at least 1");
        }
        BackupOptions options = new BackupOptions(job.read.toDumpOptions(), io.rethinkmigrate.archive.tar.ArchiveWriterOptions.defaults(),
                Duration.ofSeconds(segmentSeconds), Duration.ofSeconds(pollSeconds),
                parseDuration("--base-every", baseEvery), keep == null ? null : parseDuration("--keep", keep));
        ConnectOptions connect = job.connection.toConnectOptions();
        PrintStream err = System.err;
        ProgressListener recorded = job.report.record(ProgressListener.NONE);
        BackupProgress progress = new BackupProgress(err, job.quiet(), recorded);
        BackupRunner runner = new BackupRunner(() -> Connection.open(connect), options, progress);
        Runnable stop = runner::requestStop;
        // Handlers instead of a shutdown hook: the JVM must not start shutting down (and exit 130) before
        // the open segment is sealed; the run returns normally and the exit code is 0.
        Signal.handle(new Signal("INT"), s -> stop.run());
        Signal.handle(new Signal("TERM"), s -> stop.run());
        Path dir = directory.toAbsolutePath();
        if (!job.quiet()) {
            err.println("Backing up " + connect.endpoint() + " into " + dir + " (stop with Ctrl-C or SIGTERM)");
        }
        long started = System.nanoTime();
        BackupRunner.Result result = runner.run(dir, connect.endpoint().toString());
        job.report.summary(new RunSummary(progress.bases(), List.of(), Duration.ofNanos(System.nanoTime() - started)));
        if (!job.quiet()) {
            err.println("Backup stopped: " + result.segments() + " segment(s) sealed, " + result.changes()
                    + " change(s), " + result.bases() + " base(s) in " + dir);
        }
        return ExitCode.OK.code();
    }

    /** {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}. */
    static Duration parseDuration(String option, String text) {
        String t = text.trim().toLowerCase();
        if (t.matches("[0-9]+[smhd]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (!d.isZero()) {
                return d;
            }
        }
        throw new MigrateException(ErrorKind.USAGE, option + " " + text + ": expected a positive duration such as 90s, 30m, 24h or 7d");
    }
}
