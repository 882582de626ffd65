package io.rethinkmigrate.engine.restore;

import io.rethinkmigrate.engine.RetryPolicy;
import io.rethinkmigrate.engine.Selection;
import java.util.Map;

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
 * @param renaming         where archive tables go (`--rename`), applied after the selection
 * @param writeHooks       set the tables' write hooks (off with `--no-write-hooks`)
 * @param config           apply the archive's table settings (shards, replicas, write acks, durability) and
 *                         cluster settings (off with `--no-config`: tables get the server's defaults)
 * @param users            recreate users and permissions (off with `--no-users`)
 * @param userPasswords    passwords for users (`--user-passwords FILE`), by user name; the archive cannot hold them
 * @param skipBadTables    a table whose data cannot be read (invalid JSON, documents without the primary key)
 *                         is reported failed and the run goes on (`--skip-bad-tables`); without it the run stops
 * @param retry            how often and how patiently a failed write is retried (`--retries`)
 * @param progress         the progress record kept for `--resume`, or null when none is kept (stdin)
 */
public record RestoreOptions(Selection selection, boolean force, int clients, boolean secondaryIndexes,
                             boolean hardDurability, Integer shards, Integer replicas,
                             int batchDocuments, int batchBytes, Renaming renaming,
                             boolean writeHooks, boolean config, boolean users, Map<String, String> userPasswords,
                             boolean skipBadTables, RetryPolicy retry, RestoreProgress progress) {
    public static final int DEFAULT_CLIENTS = 8;
    /**
     * As the official tool's batches: measured on reqlite, 200-document batches cost the server 40 % less
     * CPU per document than 1,000-document ones (bench/RESULTS.md), and with {@code clients} batches in
     * flight the server never waits for the next one.
     */
    public static final int DEFAULT_BATCH_DOCUMENTS = 200;
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
        if (renaming == null) {
            renaming = Renaming.none();
        }
        if (retry == null) {
            retry = RetryPolicy.defaults();
        }
        userPasswords = userPasswords == null ? Map.of() : Map.copyOf(userPasswords);
    }

    /** Never the passwords themselves: a record's toString would print them. */
    @Override
    public String toString() {
        return "RestoreOptions[selection=" + selection + ", force=" + force + ", clients=" + clients
                + ", secondaryIndexes=" + secondaryIndexes + ", writeHooks=" + writeHooks + ", config=" + config
                + ", users=" + users + ", userPasswords=" + userPasswords.keySet() + "]";
    }

    public static RestoreOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults; each setter names the option it stands for. */
    public static final class Builder {
        private Selection selection = Selection.all();
        private boolean force;
        private int clients = DEFAULT_CLIENTS;
        private boolean secondaryIndexes = true;
        private boolean hardDurability;
        private Integer shards;
        private Integer replicas;
        private int batchDocuments = DEFAULT_BATCH_DOCUMENTS;
        private int batchBytes = DEFAULT_BATCH_BYTES;
        private Renaming renaming = Renaming.none();
        private boolean writeHooks = true;
        private boolean config = true;
        private boolean users = true;
        private Map<String, String> userPasswords = Map.of();
        private boolean skipBadTables;
        private RetryPolicy retry = RetryPolicy.defaults();
        private RestoreProgress progress;

        private Builder() {
        }

        public Builder selection(Selection s) {
            selection = s;
            return this;
        }

        public Builder force(boolean f) {
            force = f;
            return this;
        }

        public Builder clients(int n) {
            clients = n;
            return this;
        }

        public Builder secondaryIndexes(boolean on) {
            secondaryIndexes = on;
            return this;
        }

        public Builder hardDurability(boolean on) {
            hardDurability = on;
            return this;
        }

        public Builder sharding(Integer shardCount, Integer replicaCount) {
            shards = shardCount;
            replicas = replicaCount;
            return this;
        }

        public Builder batches(int documents, int bytes) {
            batchDocuments = documents;
            batchBytes = bytes;
            return this;
        }

        public Builder renaming(Renaming r) {
            renaming = r;
            return this;
        }

        /** `--no-write-hooks` when false. */
        public Builder writeHooks(boolean on) {
            writeHooks = on;
            return this;
        }

        /** `--no-config` when false. */
        public Builder config(boolean on) {
            config = on;
            return this;
        }

        /** `--no-users` when false. */
        public Builder users(boolean on) {
            users = on;
            return this;
        }

        /** `--user-passwords FILE`: user name to password. */
        public Builder userPasswords(Map<String, String> passwords) {
            userPasswords = passwords;
            return this;
        }

        /** `--skip-bad-tables`. */
        public Builder skipBadTables(boolean on) {
            skipBadTables = on;
            return this;
        }

        public Builder retry(RetryPolicy r) {
            retry = r;
            return this;
        }

        public Builder progress(RestoreProgress p) {
            progress = p;
            return this;
        }

        public RestoreOptions build() {
            return new RestoreOptions(selection, force, clients, secondaryIndexes, hardDurability, shards, replicas,
                    batchDocuments, batchBytes, renaming, writeHooks, config, users, userPasswords, skipBadTables,
                    retry, progress);
        }
    }
}
