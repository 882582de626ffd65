package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.engine.restore.RestoreOptions;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import picocli.CommandLine.Option;

/** How `restore` and `import` write into the target cluster: the official tools' options, shared. */
public final class WriteOptions {
    @Option(names = "--force", description = "write into tables that already exist, replacing documents with the same primary key")
    public boolean force;

    @Option(names = "--clients", paramLabel = "N", description = "insert batches in flight at once (default: ${DEFAULT-VALUE})")
    public int clients = RestoreOptions.DEFAULT_CLIENTS;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "documents per insert batch at most (default: ${DEFAULT-VALUE}; the official tool ignores this option)")
    public int batchDocuments = RestoreOptions.DEFAULT_BATCH_DOCUMENTS;

    @Option(names = "--batch-bytes", paramLabel = "SIZE",
            description = "bytes per insert batch at most (K, M: powers of 1024; default 4M, at most 64M); "
                    + "a bigger document is sent alone")
    public String batchBytes;

    @Option(names = "--no-secondary-indexes", description = "do not recreate secondary indexes")
    public boolean noSecondaryIndexes;

    @Option(names = "--hard-durability", description = "insert with hard durability (slower; default is soft)")
    public boolean hardDurability;

    @Option(names = "--shards", paramLabel = "N", description = "shards of each created table")
    public Integer shards;

    @Option(names = "--replicas", paramLabel = "N", description = "replicas of each created table")
    public Integer replicas;

    /** Usage errors first, before any file or server is touched. */
    public void validate() {
        checkPositive("--clients", clients);
        checkPositive("--batch-size", batchDocuments);
        batchBytes();
        checkPositive("--shards", shards);
        checkPositive("--replicas", replicas);
    }

    public RestoreOptions.Builder applyTo(RestoreOptions.Builder builder) {
        return builder.force(force).clients(clients).secondaryIndexes(!noSecondaryIndexes)
                .hardDurability(hardDurability).sharding(shards, replicas).batches(batchDocuments, batchBytes());
    }

    private int batchBytes() {
        if (batchBytes == null) {
            return RestoreOptions.DEFAULT_BATCH_BYTES;
        }
        long bytes = ArchiveLimitOptions.parseSize("--batch-bytes", batchBytes);
        if (bytes > RestoreOptions.MAX_BATCH_BYTES) {
            throw new MigrateException(ErrorKind.USAGE, "--batch-bytes " + batchBytes + ": at most 64M (the server "
                    + "refuses queries of 128 MiB)");
        }
        return (int) bytes;
    }

    /** A usage error naming the option unless {@code value} is absent or at least 1 (shared by every command). */
    public static void checkPositive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new MigrateException(ErrorKind.USAGE, option + " " + value + ": must be at least 1");
        }
    }
}
