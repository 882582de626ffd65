package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.read.DumpOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which tables `dump` and `export` read and how: the official tools' options, shared. */
public final class ReadOptions {
    @Mixin
    public SelectionOptions tables = new SelectionOptions(SelectionOptions.Kind.READ);

    @Option(names = "--clients", paramLabel = "N", description = "tables to read at once (default: ${DEFAULT-VALUE})")
    public int clients = DumpOptions.DEFAULT_CLIENTS;

    @Mixin
    public Outdated outdated;

    /** The engine's options; usage errors name the option. */
    public DumpOptions toDumpOptions() {
        WriteOptions.checkPositive("--clients", clients);
        Selection selection = tables.selection();
        return outdated.applyTo(DumpOptions.defaults().withSelection(selection).withClients(clients));
    }

    /** `--read-outdated` alone, for `copy` and `verify`, which read without the rest of these options. */
    public static final class Outdated {
        @Option(names = "--read-outdated",
                description = "read from any replica of the cluster read, possibly outdated (faster, less load on primaries)")
        public boolean readOutdated;

        /** {@code options} reading outdated data when --read-outdated is given. */
        public DumpOptions applyTo(DumpOptions options) {
            return options.withReadOutdated(readOutdated);
        }
    }
}
