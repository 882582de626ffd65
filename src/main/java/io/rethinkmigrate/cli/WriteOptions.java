package io.rethinkmigrate.cli;

import io.rethinkmigrate.engine.RestoreOptions;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import picocli.CommandLine.Option;

/** How `restore` and `import` write into the target cluster: the official tools' options, shared. */
public final class WriteOptions {
    @Option(names = "--force", description = "write into tables that already exist, replacing documents with the same primary key")
    boolean force;

    @Option(names = "--clients", paramLabel = "N", description = "insert batches in flight at once (default: ${DEFAULT-VALUE})")
    int clients = RestoreOptions.DEFAULT_CLIENTS;

    @Option(names = "--no-secondary-indexes", description = "do not recreate secondary indexes")
    boolean noSecondaryIndexes;

    @Option(names = "--hard-durability", description = "insert with hard durability (slower; default is soft)")
    boolean hardDurability;

    @Option(names = "--shards", paramLabel = "N", description = "shards of each created table")
    Integer shards;

    @Option(names = "--replicas", paramLabel = "N", description = "replicas of each created table")
    Integer replicas;

    /** Usage errors first, before any file or server is touched. */
    void validate() {
        checkPositive("--clients", clients);
        checkPositive("--shards", shards);
        checkPositive("--replicas", replicas);
    }

    RestoreOptions.Builder applyTo(RestoreOptions.Builder builder) {
        return builder.force(force).clients(clients).secondaryIndexes(!noSecondaryIndexes)
                .hardDurability(hardDurability).sharding(shards, replicas);
    }

    static void checkPositive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new MigrateException(ErrorKind.USAGE, option + " " + value + ": must be at least 1");
        }
    }
}
