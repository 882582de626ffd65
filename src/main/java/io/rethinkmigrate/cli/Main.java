package io.rethinkmigrate.cli;

import io.rethinkmigrate.cli.options.ConnectionOptions;
import io.rethinkmigrate.cli.options.SideConnectionOptions;

import io.rethinkmigrate.error.MigrateException;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: `rethink-migrate <command>`. The drop-in launchers `rethinkdb-dump` and
 * `rethinkdb-restore` call it with the command name first. Errors become one line on stderr and the
 * exit code of their kind; stack traces only with --debug.
 */
@Command(name = "rethink-migrate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Move RethinkDB data between servers and versions; drop-in for `rethinkdb dump|restore`.",
        subcommands = {DumpCommand.class, PlanCommand.class, RestoreCommand.class, ExportCommand.class, ImportCommand.class,
                CopyCommand.class, BackupCommand.class, VerifyCommand.class, ListCommand.class, IndexRebuildCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (used by tests, which must not exit the JVM). */
    public static int run(String... args) {
        return run(System::getenv, args);
    }

    /**
     * Like {@link #run(String...)} with the RETHINKDB_* variables read from {@code environment}
     * instead of the process environment (tests inject one).
     */
    public static int run(Function<String, String> environment, String... args) {
        CommandLine cli = new CommandLine(new Main(), new EnvironmentFactory(environment));
        cli.setUsageHelpWidth(100);
        String footer = "%n" + ConnectionOptions.ENVIRONMENT_HELP + "%n" + ExitCode.table();
        cli.getCommandSpec().usageMessage().footer(footer);
        cli.getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().usageMessage().footer(footer);
            sub.getCommandSpec().versionProvider(new Version());  // `dump --version` names the tool too
        });
        cli.setExitCodeExceptionMapper(Main::exitCodeOf);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + ConnectionOptions.redactPasswordValues(e.getMessage(), args));
            e.getCommandLine().getErr().println("(see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
            return ExitCode.USAGE.code();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + ConnectionOptions.redactPasswordValues(describe(e), args));
            if (debugRequested(parsed)) {
                e.printStackTrace(err);
            }
            err.flush();
            return exitCodeOf(e);
        });
        try {
            return cli.execute(args);
        } catch (Error e) { // picocli handles exceptions; an Error (out of memory, a broken jar) ends here
            System.err.println("error: " + describe(e));
            return ExitCode.INTERNAL.code();
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    /** Creates the connection option mixins with the given environment; everything else as picocli does. */
    private record EnvironmentFactory(Function<String, String> environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ConnectionOptions.class) {
                return type.cast(new ConnectionOptions(environment));
            }
            if (SideConnectionOptions.class.isAssignableFrom(type)) {
                return type.cast(type.getConstructor(Function.class).newInstance(environment));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    private static int exitCodeOf(Throwable e) {
        if (e instanceof MigrateException m) {
            return ExitCode.of(m.kind()).code();
        }
        if (e instanceof InterruptedException) {
            return ExitCode.INTERRUPTED.code();
        }
        if (e instanceof java.io.IOException) {
            return ExitCode.IO.code();
        }
        return ExitCode.INTERNAL.code();
    }

    private static String describe(Throwable e) {
        if (e instanceof MigrateException) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static boolean debugRequested(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf.hasMatchedOption("--debug");
    }
}
