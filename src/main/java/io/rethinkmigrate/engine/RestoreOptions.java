package io.rethinkmigrate.engine;

/**
 * How to restore.
 *
 * @param selection        which tables of the archive (`-i`)
 * @param force            write into tables that already exist, replacing documents with the same key (`--force`)
 * @param clients          insert batches in flight at once, each on its own connection (`--clients`)
 * @param secondaryIndexes recreate secondary indexes (off with `--no-secondary-indexes`)
 * @param hardDurability   insert with hard durability (`--hard-durability`); soft is faster for bulk loads
 * @param shards           shards of each created table (`--shards`), null for the server's default
 * @param replicas         replicas of each created table (`--replicas`), null for the server's default
 * @param batchDocuments   most documents in one insert
 * @param batchBytes       most JSON bytes in one insert (the server refuses queries of 128 MiB)
 */
public record RestoreOptions(Selection selection, boolean force, int clients, boolean secondaryIndexes,
                             boolean hardDurability, Integer shards, Integer replicas,
                             int batchDocuments, int batchBytes) {
    public static final int DEFAULT_CLIENTS = 8;
    public static final int DEFAULT_BATCH_DOCUMENTS = 1_000;
    public static final int DEFAULT_BATCH_BYTES = 4 * 1024 * 1024;
    /** Well under the server's 128 MiB query limit, leaving room for escaping. */
    public static final int MAX_BATCH_BYTES = 64 * 1024 * 1024;

    public RestoreOptions {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1");
        }
        if (batchDocuments < 1 || batchBytes < 1 || batchBytes > MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("batch limits out of range");
        }
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(Selection.all(), false, DEFAULT_CLIENTS, true, false, null, null,
                DEFAULT_BATCH_DOCUMENTS, DEFAULT_BATCH_BYTES);
    }

    public RestoreOptions withSelection(Selection s) {
        return new RestoreOptions(s, force, clients, secondaryIndexes, hardDurability, shards, replicas,
                batchDocuments, batchBytes);
    }

    public RestoreOptions withForce(boolean f) {
        return new RestoreOptions(selection, f, clients, secondaryIndexes, hardDurability, shards, replicas,
                batchDocuments, batchBytes);
    }

    public RestoreOptions withClients(int n) {
        return new RestoreOptions(selection, force, n, secondaryIndexes, hardDurability, shards, replicas,
                batchDocuments, batchBytes);
    }

    public RestoreOptions withSecondaryIndexes(boolean on) {
        return new RestoreOptions(selection, force, clients, on, hardDurability, shards, replicas,
                batchDocuments, batchBytes);
    }

    public RestoreOptions withHardDurability(boolean on) {
        return new RestoreOptions(selection, force, clients, secondaryIndexes, on, shards, replicas,
                batchDocuments, batchBytes);
    }

    public RestoreOptions withSharding(Integer shardCount, Integer replicaCount) {
        return new RestoreOptions(selection, force, clients, secondaryIndexes, hardDurability, shardCount,
                replicaCount, batchDocuments, batchBytes);
    }

    public RestoreOptions withBatches(int documents, int bytes) {
        return new RestoreOptions(selection, force, clients, secondaryIndexes, hardDurability, shards, replicas,
                documents, bytes);
    }
}
