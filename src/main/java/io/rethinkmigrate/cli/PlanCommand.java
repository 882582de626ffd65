package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.WriteOptions;
import io.rethinkmigrate.cli.options.ReadJobOptions;
import io.rethinkmigrate.engine.plan.PartPlan;
import io.rethinkmigrate.engine.plan.PartPlanner;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.wire.ConnectOptions;
import io.rethinkmigrate.wire.Connection;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `plan`: splits a dump into N parts that separate processes (or machines) dump with `dump --plan --part`. */
@Command(name = "plan", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Read the catalog and table sizes once and write a plan that splits a dump into N parts "
                + "of about equal size (parts numbered 0 to N-1), for `dump --plan FILE --part I`.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    ReadJobOptions job;

    @Option(names = "--parts", paramLabel = "N", required = true, description = "number of parts (at least 1)")
    int parts;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "file to write the plan to")
    Path file;

    @Option(names = "--overwrite-file", description = "overwrite -o/--output if it exists")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        return job.reported("plan", this::plan);
    }

    private Integer plan() throws Exception {
        WriteOptions.checkPositive("--parts", parts);
        DumpOptions options = job.read.toDumpOptions();
        ConnectOptions connect = job.connection.toConnectOptions();
        List<String> warnings = new ArrayList<>();
        PartPlan plan = PartPlanner.plan(() -> Connection.open(connect), connect.endpoint().toString(), parts,
                job.read.tables.includes(), job.read.tables.excludes(), options, warnings);
        plan.write(file.toAbsolutePath(), overwrite);
        PrintStream err = System.err;
        warnings.forEach(w -> err.println("warning: " + w));
        if (!job.quiet()) {
            err.println("Plan " + plan.id() + ": " + plan.tables().size() + " tables in " + parts + " parts, written to "
                    + file.toAbsolutePath());
            for (int p = 0; p < parts; p++) {
                err.println("  part " + p + ": about " + plan.estimatedDocuments(p) + " documents");
            }
        }
        return ExitCode.OK.code();
    }
}
