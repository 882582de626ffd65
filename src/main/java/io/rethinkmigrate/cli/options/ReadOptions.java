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

    @Option(names = "--read-outdated", description = "read from any replica, possibly outdated (faster, less load on primaries)")
    public boolean readOutdated;

    /** The engine's options; usage errors name the option. */
    public DumpOptions toDumpOptions() {
        WriteOptions.checkPositive("--clients", clients);
        Selection selection = tables.selection();
        return DumpOptions.defaults().withSelection(selection).withClients(clients).withReadOutdated(readOutdated);
    }
}
