package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.WriteOptions;
import io.rethinkmigrate.cli.options.SelectionOptions;
import io.rethinkmigrate.cli.options.ConnectionOptions;
import io.rethinkmigrate.cli.options.OutputOptions;
import io.rethinkmigrate.cli.options.PartPlanOption;
import io.rethinkmigrate.cli.options.ReadOptions;
import io.rethinkmigrate.cli.options.SideConnectionOptions;
import io.rethinkmigrate.cli.options.TempDirOption;

import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.plan.PartPlan;
import io.rethinkmigrate.engine.plan.PartsVerifySide;
import io.rethinkmigrate.engine.verify.ArchiveVerifySide;
import io.rethinkmigrate.engine.verify.KeyDifference;
import io.rethinkmigrate.engine.verify.ServerVerifySide;
import io.rethinkmigrate.engine.verify.TableVerdict;
import io.rethinkmigrate.engine.verify.Verifier;
import io.rethinkmigrate.engine.verify.VerifyReport;
import io.rethinkmigrate.engine.verify.VerifySide;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.wire.Connection;
import io.rethinkmigrate.wire.ConnectOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
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

/**
 * `verify FILE -c HOST:PORT` (an archive, or the part archives of a plan together, against a live
 * cluster) or `verify --from A --to B` (two clusters): counts, an order-independent hash of the canonical documents (docs/verify.md), the keys of
 * differing documents, indexes, write hooks and settings, table by table. Exit 0 only when all match,
 * 10 (DIFFERENT) otherwise, with one line naming the tables and keys.
 */
@Command(name = "verify", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compare an archive (or the part archives of a plan, together) with a live cluster "
                + "(verify FILE [PART...] -c HOST:PORT), or two clusters "
                + "(verify --from HOST:PORT --to HOST:PORT): documents (count, hash, differing keys), indexes, "
                + "write hooks and settings, table by table.",
                "The archive (or --from) is the source, the cluster (or --to) the target: `missing on target` is a "
                        + "document only on the source, `extra on target` one only on the target. Against an archive, "
                        + "the cluster's other tables are noted, not compared. Spec: docs/verify.md."})
final class VerifyCommand implements Callable<Integer> {
    static final int DEFAULT_SHOW = 10;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "the archive to compare with the cluster of -c; - reads it from stdin (keys are then not listed); "
                    + "or a backup directory, whose chain is checked without a server")
    String file;

    @Parameters(index = "1..*", paramLabel = "PART", description = "more part archives of the same plan (made by "
            + "`dump --plan --part`): the parts together are compared with the cluster, as one archive would be")
    List<String> moreParts = new ArrayList<>();

    @Mixin
    PartPlanOption plan;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SideConnectionOptions.From from;

    @Mixin
    SideConnectionOptions.To to;

    @Mixin
    OutputOptions output;

    @Mixin
    SelectionOptions tables = new SelectionOptions(SelectionOptions.Kind.VERIFY);

    @Option(names = "--show-differences", paramLabel = "N",
            description = "list up to N keys of differing documents per table (default: ${DEFAULT-VALUE}; 0: counts and hashes only)")
    int showDifferences = DEFAULT_SHOW;

    @Option(names = "--clients", paramLabel = "N", description = "reads at once on each cluster: tables, and key ranges of big tables (default: ${DEFAULT-VALUE})")
    int clients = 3;

    @Mixin
    ReadOptions.Outdated outdated;

    @Mixin
    TempDirOption tempDir;

    @Override
    public Integer call() throws Exception {
        if (showDifferences < 0) {
            throw new MigrateException(ErrorKind.USAGE, "--show-differences " + showDifferences + ": must be 0 or more");
        }
        WriteOptions.checkPositive("--clients", clients);
        Selection selection = tables.selection();
        if (!moreParts.isEmpty() || plan.plan != null) {
            if (file == null || from.given() || to.given()) {
                throw new MigrateException(ErrorKind.USAGE, "part archives (or --plan FILE DIR) are compared with "
                        + "the cluster of -c, not with --from/--to");
            }
            return verifyParts(selection);
        }
        if (BackupDirectory.is(file)) {
            return BackupDirectory.verify(file, System.out, output.quiet);
        }
        if (file != null) {
            if (from.given() || to.given()) {
                throw new MigrateException(ErrorKind.USAGE,
                        "give either FILE (with -c for the cluster) or --from and --to, not both");
            }
            return verifyArchive(selection);
        }
        if (!from.given() || !to.given()) {
            throw new MigrateException(ErrorKind.USAGE,
                    "nothing to compare: give FILE (an archive, with -c for the cluster) or --from HOST:PORT and --to HOST:PORT");
        }
        if (connection.anyGiven()) {
            throw new MigrateException(ErrorKind.USAGE,
                    "-c and the other single-cluster options do not apply with --from/--to (use --from-user, --to-password-file, ...)");
        }
        ConnectOptions source = from.toConnectOptions();
        ConnectOptions target = to.toConnectOptions();
        VerifySide a = new ServerVerifySide(() -> Connection.open(source), "server " + source.endpoint(),
                reading(clients, outdated.readOutdated));
        VerifySide b = new ServerVerifySide(() -> Connection.open(target), "server " + target.endpoint(),
                reading(clients, outdated.readOutdated));
        return run(a, b, false, selection, showDifferences, System.out, output.quiet);
    }

    private int verifyArchive(Selection selection) throws IOException, InterruptedException {
        boolean fromStdin = "-".equals(file);
        Path path = fromStdin ? null : Path.of(file).toAbsolutePath();
        if (path != null && !Files.isRegularFile(path)) {
            throw new MigrateException(ErrorKind.USAGE, "FILE " + file + ": no such file");
        }
        ConnectOptions connect = connection.toConnectOptions();
        ArchiveReaderOptions readerOptions = tempDir.readerOptions();
        try (ArchiveReader reader = fromStdin
                ? OfficialArchiveReader.open(new BufferedInputStream(System.in, 1 << 16), "stdin", readerOptions)
                : OfficialArchiveReader.open(path, readerOptions)) {
            VerifySide archive = new ArchiveVerifySide(reader, path, "archive " + (fromStdin ? "stdin" : path));
            VerifySide server = new ServerVerifySide(() -> Connection.open(connect), "server " + connect.endpoint(),
                    reading(clients, outdated.readOutdated));
            return run(archive, server, true, selection, showDifferences, System.out, output.quiet);
        }
    }

    /** The part archives of one plan (checked as restore checks them: exit 14) as one source side. */
    private int verifyParts(Selection selection) throws IOException, InterruptedException {
        PartPlan partPlan = plan.read();
        List<Path> files = PartsRestore.archives(PartPlanOption.names(file, moreParts), partPlan);
        ConnectOptions connect = connection.toConnectOptions();
        List<ArchiveReader> readers = new ArrayList<>();
        try {
            String planId = PartsRestore.openChecked(files, partPlan, tempDir.readerOptions(), readers);
            List<VerifySide> sides = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                sides.add(new ArchiveVerifySide(readers.get(i), files.get(i), "archive " + files.get(i)));
            }
            VerifySide archive = new PartsVerifySide(sides, files.size() + " parts of plan " + planId);
            VerifySide server = new ServerVerifySide(() -> Connection.open(connect), "server " + connect.endpoint(),
                    reading(clients, outdated.readOutdated));
            return run(archive, server, true, selection, showDifferences, System.out, output.quiet);
        } finally {
            for (ArchiveReader reader : readers) {
                reader.close();
            }
        }
    }

    /** A server side is read as a dump reads it: key ranges, {@code clients} at once. */
    private static DumpOptions reading(int clients, boolean readOutdated) {
        return DumpOptions.defaults().withClients(Math.max(1, clients)).withReadOutdated(readOutdated);
    }

    /** `dump --verify` and `restore --verify`: the archive file against the cluster, the report on {@code out}. */
    static int verifyArchive(Path file, ConnectOptions connect, Selection selection, int clients, boolean readOutdated,
                             Path tempDir, PrintStream out, boolean quiet) throws IOException, InterruptedException {
        try (ArchiveReader reader = OfficialArchiveReader.open(file, TempDirOption.readerOptions(tempDir))) {
            VerifySide archive = new ArchiveVerifySide(reader, file, "archive " + file);
            VerifySide server = new ServerVerifySide(() -> Connection.open(connect), "server " + connect.endpoint(),
                    reading(clients, readOutdated));
            return run(archive, server, true, selection, DEFAULT_SHOW, out, quiet);
        }
    }

    /**
     * Compares and prints the report on {@code out} (unless quiet: then only the differences); returns 0
     * when everything matches, throws DIFFERENT with the one-line summary otherwise. Used by `dump
     * --verify` and `restore --verify` too.
     */
    static int run(VerifySide source, VerifySide target, boolean archiveSource, Selection selection, int show,
                   PrintStream out, boolean quiet) throws IOException, InterruptedException {
        VerifyReport report = new Verifier(source, target, selection, show, Verifier.DEFAULT_KEY_BUDGET, archiveSource).run();
        print(report, out, quiet);
        out.flush();
        if (!report.allMatch()) {
            throw new MigrateException(ErrorKind.DIFFERENT, report.summary());
        }
        return ExitCode.OK.code();
    }

    static void print(VerifyReport report, PrintStream out, boolean quiet) {
        if (!quiet) {
            out.println("Verifying " + report.source() + " (source) against " + report.target() + " (target)");
        }
        int width = report.tables().stream().mapToInt(t -> t.table().toString().length()).max().orElse(5);
        for (TableVerdict t : report.tables()) {
            if (t.matches()) {
                if (!quiet) {
                    out.printf("  %-" + width + "s  match      %d documents, hash %s%n", t.table(), t.sourceDocuments(),
                            t.sourceHash());
                }
                continue;
            }
            out.printf("  %-" + width + "s  DIFFERENT  source %s, target %s%n", t.table(), docs(t.sourceDocuments()),
                    docs(t.targetDocuments()));
            String indent = " ".repeat(width + 15);
            for (String p : t.problems()) {
                out.println(indent + p);
            }
            for (KeyDifference k : t.keys()) {
                out.println(indent + "document " + k.kind().label() + ": " + k.key());
            }
            if (t.keysNote() != null) {
                out.println(indent + "(" + t.keysNote() + ")");
            }
        }
        for (String note : report.notes()) {
            out.println("note: " + note);
        }
        if (!quiet || !report.allMatch()) {
            int differ = report.differing().size();
            out.println(report.tables().size() + " tables compared: " + (report.tables().size() - differ) + " match, "
                    + differ + " differ");
        }
    }

    private static String docs(long n) {
        return n < 0 ? "has no such table" : n + " documents";
    }
}
