package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.CompressionOptions;
import io.rethinkmigrate.cli.options.ReadOptions;
import io.rethinkmigrate.cli.options.JobOptions;
import io.rethinkmigrate.cli.options.TempDirOption;
import io.rethinkmigrate.cli.options.VerifyAfterOption;

import io.rethinkmigrate.archive.tar.ArchiveWriterOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.dump.DumpScope;
import io.rethinkmigrate.engine.dump.Dumper;
import io.rethinkmigrate.engine.plan.PartNumber;
import io.rethinkmigrate.engine.plan.PartPlan;
import io.rethinkmigrate.engine.plan.PartScope;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `dump`: the official `rethinkdb dump`, streaming and parallel. */
@Command(name = "dump", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Dump the data, secondary indexes and write hooks of a RethinkDB cluster into a "
                + "tar.gz archive in the official format.")
final class DumpCommand implements Callable<Integer> {
    private static final DateTimeFormatter DUMP_NAME = DateTimeFormatter.ofPattern("'rethinkdb_dump_'yyyy-MM-dd'T'HH:mm:ss");

    @Mixin
    JobOptions job;

    @Mixin
    ReadOptions read;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "file to write the archive to (default: rethinkdb_dump_DATE_TIME.tar.gz); - writes to stdout")
    String file;

    @Option(names = "--overwrite-file", description = "overwrite -f/--file if it exists")
    boolean overwrite;

    @Mixin
    TempDirOption tempDir;

    @Mixin
    VerifyAfterOption after;

    @Mixin
    CompressionOptions compression;

    @Option(names = "--plan", paramLabel = "FILE",
            description = "dump only one part of this plan (made by `plan`); its tables replace -e/--exclude")
    Path plan;

    @Option(names = "--part", paramLabel = "I", description = "the part of --plan to dump, 0 to N-1 (default: $"
            + PartNumber.PART_VARIABLE + ", else $" + PartNumber.JOB_INDEX_VARIABLE + ")")
    Integer part;

    @Override
    public Integer call() throws Exception {
        return job.reported("dump", this::dump);
    }

    private Integer dump() throws Exception {
        DumpOptions options = read.toDumpOptions();
        PartPlan partPlan = plan == null ? null : PartPlan.read(plan);
        DumpScope scope = DumpScope.WHOLE;
        if (partPlan != null) {
            if (read.tables.given()) {
                throw new MigrateException(ErrorKind.USAGE, "--plan: the plan picks the tables; leave out -e/--exclude");
            }
            options = options.withSelection(partPlan.selection()).withReadOutdated(partPlan.readOutdated());
            scope = new PartScope(partPlan, PartNumber.resolve(part, System::getenv, partPlan));
        } else if (part != null) {
            throw new MigrateException(ErrorKind.USAGE, "--part needs --plan FILE");
        }
        String dumpName = LocalDateTime.now().format(DUMP_NAME);
        boolean toStdout = "-".equals(file);
        ConnectOptions connect = job.connection.toConnectOptions();
        ProgressListener progress = job.run.progress(System.err, "dumping");
        ArchiveWriterOptions writerOptions = tempDir.applyTo(
                compression.applyTo(ArchiveWriterOptions.defaults().withOverwrite(overwrite)));
        Path target = target(toStdout, dumpName + writerOptions.compression().extension());
        String where = toStdout ? "standard output" : target.toString();
        AbortOnInterrupt.dump(new Dumper(() -> Connection.open(connect), options, progress, scope), toStdout,
                stdout -> toStdout ? OfficialArchiveWriter.toStream(stdout, dumpName, writerOptions)
                        : OfficialArchiveWriter.toFile(target, dumpName, writerOptions),
                job.run, "Dumping " + connect.endpoint() + " to " + where, "Dump complete: " + where);
        if (after.verify) {
            return VerifyCommand.verifyArchive(target, connect, options.selection(), options.clients(),
                    options.readOutdated(), writerOptions.tempDir(), System.err, job.run.quiet());
        }
        return ExitCode.OK.code();
    }

    /** The archive file (null for stdout), {@code defaultName} unless -f names it. */
    private Path target(boolean toStdout, String defaultName) {
        if (after.verify && toStdout) {
            throw new MigrateException(ErrorKind.USAGE, "--verify needs -f FILE: an archive written to stdout cannot be read back");
        }
        Path target = toStdout ? null : Path.of(file != null ? file : defaultName).toAbsolutePath();
        if (target != null && Files.isDirectory(target)) {
            throw new MigrateException(ErrorKind.USAGE, "-f/--file " + target + ": is a directory");
        }
        return target;
    }
}
