package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.RunOptions;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.tar.ArchiveReaderOptions;
import io.rethinkmigrate.archive.tar.OfficialArchiveReader;
import io.rethinkmigrate.engine.plan.PartLabel;
import io.rethinkmigrate.engine.plan.PartPlan;
import io.rethinkmigrate.engine.plan.PartSet;
import io.rethinkmigrate.engine.plan.PartedRestorer;
import io.rethinkmigrate.engine.plan.PartsDone;
import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * `restore PART...` and `restore --plan FILE DIR`: the part archives of one plan restored together
 * (checked by {@link PartSet} first: a missing, doubled or foreign part exits 14 before anything is written);
 * or one part on its own machine (`--part I --parts-done DIR`, data only) and a last `--finish` once every
 * part recorded it is done.
 */
final class PartsRestore {
    /** How long `restore --part` waits for the part that claimed the tables' creation to make them. */
    private static final Duration CREATE_WAIT = Duration.ofMinutes(30);

    private PartsRestore() {
    }

    /** The archives named: files as given; with a plan, a directory stands for its archives. */
    static List<Path> archives(List<String> names, PartPlan plan) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String name : names) {
            Path path = Path.of(name).toAbsolutePath();
            if ("-".equals(name)) {
                throw new MigrateException(ErrorKind.USAGE, "parts are restored from files, not from stdin");
            }
            if (plan != null && Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    files.filter(PartsRestore::isArchive).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(path)) {
                out.add(path);
            } else {
                throw new MigrateException(ErrorKind.USAGE, "FILE " + name + ": no such file");
            }
        }
        return out;
    }

    private static boolean isArchive(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".tar.zst")
                || n.endsWith(".tar"));
    }

    /**
     * Opens every file into {@code readers} (the caller closes them, also on failure) and checks that they
     * are exactly the parts of one plan ({@link PartSet}); the plan's id.
     */
    static String openChecked(List<Path> files, PartPlan plan, ArchiveReaderOptions readerOptions,
                              List<ArchiveReader> readers) throws IOException {
        List<PartLabel> labels = new ArrayList<>();
        for (Path file : files) {
            ArchiveReader reader = OfficialArchiveReader.open(file, readerOptions);
            readers.add(reader);
            labels.add(PartLabel.of(file.getFileName().toString(), reader));
        }
        PartSet.check(labels, plan, null);
        return labels.get(0).planId();
    }

    /** What every way of restoring parts shares: the options, where to, and how to report. */
    record Run(RestoreOptions options, ArchiveReaderOptions readerOptions, ConnectOptions connect,
               ProgressListener progress, RunOptions output) {
        PartedRestorer restorer() {
            return new PartedRestorer(() -> Connection.open(connect), options, progress);
        }

        void say(String line) {
            if (!output.quiet()) {
                System.err.println(line);
            }
        }

        /** Reports the summary; the exit code. */
        int done(RunSummary summary, String what) {
            return output.finish(System.err, what, summary);
        }
    }

    /** Opens and checks every part, then restores them together with {@link PartedRestorer}; the exit code. */
    static int restore(List<Path> files, PartPlan plan, Run run) throws IOException, InterruptedException {
        List<ArchiveReader> readers = new ArrayList<>();
        try {
            String planId = openChecked(files, plan, run.readerOptions(), readers);
            run.say("Restoring " + files.size() + " parts of plan " + planId + " into " + run.connect().endpoint());
            return run.done(run.restorer().restore(readers), "Restore");
        } finally {
            for (ArchiveReader reader : readers) {
                reader.close();
            }
        }
    }

    /** `restore FILE --plan P --part I --parts-done DIR`: part I's data alone, then its record in DIR. */
    static int restoreAlone(Path file, PartPlan plan, int part, PartsDone done, Run run)
            throws IOException, InterruptedException {
        try (ArchiveReader reader = OfficialArchiveReader.open(file, run.readerOptions())) {
            PartSet.check(List.of(PartLabel.of(file.getFileName().toString(), reader)), plan, part);
            run.say("Restoring part " + part + " of plan " + plan.id() + " (data only) into " + run.connect().endpoint());
            PartedRestorer restorer = run.restorer();
            RunSummary created = done.createOnce(plan, part, () -> restorer.createAlone(reader), CREATE_WAIT);
            RunSummary summary = created != null && !created.allDone() ? created : restorer.loadAlone(reader, created);
            int code = run.done(summary, "Restore of part " + part);
            if (summary.allDone()) {
                long documents = summary.tables().stream().mapToLong(t -> t.documents()).sum();
                Path record = done.record(plan, part, file.toString(), documents, restorer.targetTables(reader));
                run.say("Part " + part + " recorded done in " + record + "; once every part is, run restore --finish");
            }
            return code;
        }
    }

    /** `restore FILE --plan P --finish --parts-done DIR`: every part done, then indexes, hooks and settings once. */
    static int finish(Path file, PartPlan plan, PartsDone done, Run run) throws IOException, InterruptedException {
        try (ArchiveReader reader = OfficialArchiveReader.open(file, run.readerOptions())) {
            PartLabel label = PartLabel.of(file.getFileName().toString(), reader);
            PartSet.check(List.of(label), plan, label.part());
            done.checkAll(plan, run.restorer().targetTables(reader));
            run.say("Finishing the " + plan.parts() + " parts of plan " + plan.id() + " on " + run.connect().endpoint()
                    + ": indexes, write hooks, settings");
            return run.done(run.restorer().finishAlone(reader), "Finish");
        }
    }
}
