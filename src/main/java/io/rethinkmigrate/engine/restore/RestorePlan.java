package io.rethinkmigrate.engine.restore;

import io.rethinkmigrate.model.TableId;
import java.util.List;

/**
 * What a restore would do (`restore --dry-run`), table by table in archive order.
 *
 * @param endpoint the target server
 * @param tables   the selected archive tables
 * @param warnings patterns that matched nothing, renames that apply to nothing
 * @param options  the options the restore would run with (force, shards, replicas, indexes)
 */
public record RestorePlan(String endpoint, List<Table> tables, List<String> warnings, RestoreOptions options) {

    public RestorePlan {
        tables = List.copyOf(tables);
        warnings = List.copyOf(warnings);
    }

    /**
     * One table.
     *
     * @param source         its name in the archive
     * @param target         where it would be written (after `--rename`)
     * @param createDatabase the target database is missing and would be created (said once per database)
     * @param exists         the target table exists on the server
     * @param documents      documents of the table in the archive (counted while reading it)
     * @param estimate       the source server's estimate from the `.info` member, -1 when absent
     * @param indexes        secondary indexes in the archive
     * @param writeHook      the archive has a write hook for it
     */
    public record Table(TableId source, TableId target, boolean createDatabase, boolean exists, String primaryKey,
                        long documents, long estimate, List<String> indexes, boolean writeHook) {
        public Table {
            indexes = List.copyOf(indexes);
        }
    }

    /** Target tables that exist and would be refused (no `--force`): the real run would exit with code 6. */
    public List<TableId> refused() {
        return options.force() ? List.of() : tables.stream().filter(Table::exists).map(Table::target).toList();
    }

    /** Fails as the real run would, with the same error, when target tables exist without `--force`. */
    public void throwIfRefused() {
        List<TableId> refused = refused();
        if (!refused.isEmpty()) {
            throw TableRestorer.exists(refused, endpoint);
        }
    }

    public long documents() {
        return tables.stream().mapToLong(Table::documents).sum();
    }
}
