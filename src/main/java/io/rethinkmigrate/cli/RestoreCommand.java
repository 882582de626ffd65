package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.SelectionOptions;
import io.rethinkmigrate.cli.options.ArchiveLimitOptions;
import io.rethinkmigrate.cli.options.JobOptions;
import io.rethinkmigrate.cli.options.PartPlanOption;
import io.rethinkmigrate.cli.options.TempDirOption;
import io.rethinkmigrate.cli.options.VerifyAfterOption;
import io.rethinkmigrate.cli.options.UserPasswordsFile;
import io.rethinkmigrate.cli.options.WriteOptions;
import io.rethinkmigrate.cli.progress.DryRunPrinter;

import io.rethinkmigrate.archive.tar.ArchiveLimits;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.engine.plan.PartNumber;
import io.rethinkmigrate.engine.plan.PartPlan;
import io.rethinkmigrate.engine.plan.PartsDone;
import io.rethinkmigrate.engine.restore.Renaming;
import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.engine.restore.RestorePlan;
import io.rethinkmigrate.engine.restore.RestoreProgress;
import io.rethinkmigrate.engine.restore.Restorer;
import io.rethinkmigrate.engine.RetryPolicy;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ConnectOptions;
import java.io.BufferedInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `restore`: the official `rethinkdb restore`, streaming, with indexes, hooks and sharding applied. */
@Command(name = "restore", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Restore an archive written by `rethinkdb dump` (or by rethink-migrate) into a cluster.")
final class RestoreCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the archive; - reads it from stdin; or a backup "
            + "directory written by `backup` (point-in-time restore, see --until)")
    String file;

    @Parameters(index = "1..*", paramLabel = "PART", description = "more part archives of the same plan (made by "
            + "`dump --plan --part`): all parts are restored together, indexes and hooks once after all data")
    List<String> moreParts = new ArrayList<>();

    @Mixin
    PartPlanOption plan;

    @Option(names = "--part", paramLabel = "I", description = "with --plan and --parts-done: restore FILE as part I "
            + "on its own (data only; the first part to claim it in --parts-done makes the tables), then record it done "
            + "(default: $" + PartNumber.PART_VARIABLE + ", else $" + PartNumber.JOB_INDEX_VARIABLE + ")")
    Integer part;

    @Option(names = "--finish", description = "with --plan and --parts-done: once every part recorded it is done, "
            + "set the indexes, write hooks and settings, from FILE (any one part of the plan)")
    boolean finish;

    @Option(names = "--parts-done", paramLabel = "DIR", description = "directory (shared by the parts' machines) where "
            + "each --part records that it is done and --finish checks that all did")
    Path partsDone;

    @Option(names = "--until", paramLabel = "TIME|latest", description = "with a backup directory: restore the state "
            + "as of TIME (ISO-8601, UTC when no offset is given) or the latest sealed time (default: latest)")
    String until;

    @Mixin
    JobOptions job;

    @Mixin
    SelectionOptions tables = new SelectionOptions(SelectionOptions.Kind.RESTORE);

    @Option(names = "--rename", paramLabel = "OLD=NEW",
            description = "restore database OLD as NEW (DB=NEWDB) or table OLD as NEW (DB.TABLE=NEWDB.NEWTABLE); "
                    + "repeatable, a table's rename wins over its database's, applied after -i")
    List<String> renames = new ArrayList<>();

    @Option(names = "--dry-run", description = "print to stdout what would be done, write nothing (exit code 6 if tables exist without --force)")
    boolean dryRun;

    @Mixin
    WriteOptions write;

    @Option(names = "--no-write-hooks", description = "do not set the tables' write hooks")
    boolean noWriteHooks;

    @Option(names = "--no-config", description = "do not apply the archive's table settings (shards, replicas, "
            + "write acks, durability) or cluster settings: tables get the server's defaults or --shards/--replicas")
    boolean noConfig;

    @Option(names = "--no-users", description = "do not recreate the archive's users and permissions")
    boolean noUsers;

    @Option(names = "--user-passwords", paramLabel = "FILE",
            description = "passwords of restored users, one user:password per line (a dump cannot read them)")
    Path userPasswords;

    @Option(names = "--skip-bad-tables",
            description = "a table whose data cannot be read (invalid JSON, documents without the primary key) is "
                    + "reported failed and the others are restored (exit code 7); without it the restore stops there. "
                    + "Either way nothing of the bad table is left in the server")
    boolean skipBadTables;

    @Mixin
    ArchiveLimitOptions limits;

    @Mixin
    TempDirOption tempDir;

    @Mixin
    VerifyAfterOption after;

    @Option(names = "--retries", paramLabel = "N",
            description = "retries of a write that failed for a transient reason (connection lost, server restarting, "
                    + "table unavailable), with growing pauses (default: ${DEFAULT-VALUE}; 0: fail at once)")
    int retries = RetryPolicy.DEFAULT_RETRIES;

    @Option(names = "--resume", description = "go on from where an interrupted restore of this archive stopped, "
            + "using its progress record (tables it finished are skipped, tables it created may exist)")
    boolean resume;

    @Option(names = "--progress-file", paramLabel = "FILE",
            description = "where the progress record for --resume is kept (default: ARCHIVE.restore-progress.json "
                    + "next to the archive, or in --temp-dir)")
    Path progressFile;

    @Override
    public Integer call() throws Exception {
        return job.reported("restore", this::restore);
    }

    private Integer restore() throws Exception {
        write.validate();
        ArchiveLimits archiveLimits = limits.limits();
        Selection selection = tables.selection();
        Renaming renaming = Renaming.parse(renames);
        if (!moreParts.isEmpty() || plan.plan != null || part != null || finish || partsDone != null) {
            return restoreParts(selection, renaming, archiveLimits);
        }
        if (BackupDirectory.is(file)) {
            return restoreBackup(selection, renaming);
        }
        return restoreArchive(selection, renaming, archiveLimits);
    }

    /** One archive, from FILE or stdin. */
    private int restoreArchive(Selection selection, Renaming renaming, ArchiveLimits archiveLimits) throws Exception {
        boolean fromStdin = "-".equals(file);
        Path path = checkArchiveOptions(fromStdin, renaming);
        RestoreProgress record = fromStdin || dryRun ? null : progressRecord(path);
        ConnectOptions connect = job.connection.toConnectOptions();
        PrintStream err = System.err;
        ProgressListener progress = job.run.progress(err, "restoring", renaming);
        RestoreOptions options = archiveOptions(selection, renaming).progress(record).build();
        ArchiveReaderOptions readerOptions = readerOptions(archiveLimits);
        String source = fromStdin ? "standard input" : path.toString();
        try (ArchiveReader reader = fromStdin
                ? OfficialArchiveReader.open(new BufferedInputStream(System.in, 1 << 16), "stdin", readerOptions)
                : OfficialArchiveReader.open(path, readerOptions)) {
            if (dryRun) {
                return dryRun(reader, options, connect, source);
            }
            if (!job.run.quiet()) {
                err.println("Restoring " + source + " into " + connect.endpoint());
                if (record != null && record.resumed()) {
                    err.println("Resuming from " + record.file());
                }
            }
            RunSummary summary = new Restorer(() -> Connection.open(connect), options, progress).restore(reader);
            if (job.run.finish(err, "Restore", summary) != ExitCode.OK.code()) {
                return ExitCode.PARTIAL.code();
            }
        }
        if (after.verify) {
            return VerifyCommand.verifyArchive(path, connect, selection, 3, false, tempDir.dir, err, job.run.quiet());
        }
        return ExitCode.OK.code();
    }

    /** The checks of the options that only a single archive takes; its path, null for stdin. */
    private Path checkArchiveOptions(boolean fromStdin, Renaming renaming) {
        if (until != null) {
            throw new MigrateException(ErrorKind.USAGE, "--until needs a backup directory (written by `backup`), not an archive");
        }
        Path path = fromStdin ? null : Path.of(file).toAbsolutePath();
        if (path != null && !Files.isRegularFile(path)) {
            throw new MigrateException(ErrorKind.USAGE, "FILE " + file + ": no such file");
        }
        if (after.verify && (fromStdin || !renaming.isEmpty())) {
            throw new MigrateException(ErrorKind.USAGE, "--verify needs FILE and no --rename: "
                    + (fromStdin ? "an archive read from stdin cannot be read again" : "tables restored under other names cannot be matched"));
        }
        if (retries < 0) {
            throw new MigrateException(ErrorKind.USAGE, "--retries " + retries + ": must be 0 or more");
        }
        if (fromStdin && (resume || progressFile != null)) {
            throw new MigrateException(ErrorKind.USAGE, (resume ? "--resume" : "--progress-file")
                    + " needs an archive file: a restore from stdin cannot be resumed");
        }
        return path;
    }

    /** The part archives of a plan, together; the options that need one archive are refused. */
    private int restoreParts(Selection selection, Renaming renaming, ArchiveLimits archiveLimits) throws Exception {
        if (dryRun || after.verify || resume || progressFile != null || until != null) {
            throw new MigrateException(ErrorKind.USAGE, "part archives are restored without --dry-run, --verify, "
                    + "--resume, --progress-file and --until");
        }
        PartPlan partPlan = plan.read();
        List<String> names = PartPlanOption.names(file, moreParts);
        RestoreOptions options = archiveOptions(selection, renaming).build();
        ProgressListener progress = job.run.progress(System.err, "restoring");
        PartsRestore.Run run = new PartsRestore.Run(options, readerOptions(archiveLimits), job.connection.toConnectOptions(),
                progress, job.run);
        if (partsDone == null && part == null && !finish) {
            return PartsRestore.restore(PartsRestore.archives(names, partPlan), partPlan, run);
        }
        if (partsDone == null || partPlan == null || names.size() != 1 || (finish && part != null)) {
            throw new MigrateException(ErrorKind.USAGE, "a part on its own: restore FILE --plan P --part I --parts-done DIR;"
                    + " the last step: restore FILE --plan P --finish --parts-done DIR (one FILE each)");
        }
        Path archive = PartsRestore.archives(names, null).get(0);
        PartsDone done = new PartsDone(partsDone.toAbsolutePath());
        return finish ? PartsRestore.finish(archive, partPlan, done, run)
                : PartsRestore.restoreAlone(archive, partPlan, PartNumber.resolve(part, System::getenv, partPlan), done, run);
    }

    private RestoreOptions.Builder archiveOptions(Selection selection, Renaming renaming) {
        return write.applyTo(RestoreOptions.builder()).selection(selection)
                .renaming(renaming).writeHooks(!noWriteHooks).config(!noConfig).users(!noUsers)
                .userPasswords(userPasswords == null ? null : UserPasswordsFile.read(userPasswords))
                .skipBadTables(skipBadTables).retry(RetryPolicy.retries(retries));
    }

    private ArchiveReaderOptions readerOptions(ArchiveLimits archiveLimits) {
        return tempDir.readerOptions().withLimits(archiveLimits);
    }

    /** Point-in-time restore of a backup directory: the archive-only options are refused. */
    private int restoreBackup(Selection selection, Renaming renaming) throws Exception {
        if (!renaming.isEmpty() || after.verify || resume || progressFile != null || noConfig || noUsers || userPasswords != null) {
            throw new MigrateException(ErrorKind.USAGE, "a backup directory is restored without --rename, --verify, "
                    + "--resume, --progress-file, --no-config, --no-users and --user-passwords");
        }
        RestoreOptions options = write.applyTo(RestoreOptions.builder()).selection(selection).writeHooks(!noWriteHooks)
                .retry(RetryPolicy.retries(retries)).build();
        ProgressListener progress = job.run.progress(System.err, "restoring");
        return BackupDirectory.restore(file, BackupDirectory.until(until), selection, options,
                job.connection.toConnectOptions(), progress, job.run, dryRun);
    }

    /**
     * The progress record of this restore. Without --progress-file, a directory we cannot write to only
     * costs the ability to resume (a warning), since many archives sit in read-only places.
     */
    private RestoreProgress progressRecord(Path archive) throws java.io.IOException {
        Path file = progressFile != null ? progressFile.toAbsolutePath()
                : RestoreProgress.defaultFile(archive, tempDir.dir == null ? null : tempDir.dir.toAbsolutePath());
        if (progressFile == null && !Files.isWritable(file.getParent())) {
            if (resume) {
                throw new MigrateException(ErrorKind.USAGE, "--resume: no progress record can be kept in "
                        + file.getParent() + " (not writable); give --progress-file");
            }
            if (!job.run.quiet()) {
                System.err.println("warning: " + file.getParent() + " is not writable: no progress record, so this "
                        + "restore cannot be resumed (give --progress-file FILE)");
            }
            return null;
        }
        if (resume && !Files.exists(file) && !job.run.quiet()) {
            System.err.println("warning: --resume: no progress record " + file + ": restoring from the beginning");
        }
        return RestoreProgress.open(file, archive, resume);
    }

    private int dryRun(ArchiveReader reader, RestoreOptions options, ConnectOptions connect, String source)
            throws java.io.IOException {
        RestorePlan plan = new Restorer(() -> Connection.open(connect), options, ProgressListener.NONE).plan(reader);
        DryRunPrinter.print(System.out, source, plan);
        System.out.flush();
        plan.throwIfRefused();
        return ExitCode.OK.code();
    }
}
