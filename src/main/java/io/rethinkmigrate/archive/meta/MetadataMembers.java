package io.rethinkmigrate.archive.meta;

import io.rethinkmigrate.model.TableId;

/**
 * Names of our metadata members (docs/archive-format.md §5). They use extensions the official restore
 * ignores ({@code .config}, {@code .dbconfig}), and sit under the archive's one top directory; none is a
 * {@code .json}/{@code .info}/{@code .csv}, so the official three-level rule is untouched.
 */
public final class MetadataMembers {
    /** {@code <top>/cluster.config}: users, permissions, cluster_config. */
    public static final String CLUSTER = "cluster.config";
    /** {@code <top>/manifest.config}: versions, time, databases, per-table counts and checksums. */
    public static final String MANIFEST = "manifest.config";
    public static final String TABLE_EXTENSION = "config";
    public static final String DATABASE_EXTENSION = "dbconfig";

    private MetadataMembers() {
    }

    public static String table(String top, TableId id) {
        return top + "/" + id.db() + "/" + id.table() + "." + TABLE_EXTENSION;
    }

    public static String database(String top, String db) {
        return top + "/" + db + "." + DATABASE_EXTENSION;
    }

    public static String cluster(String top) {
        return top + "/" + CLUSTER;
    }

    public static String manifest(String top) {
        return top + "/" + MANIFEST;
    }

    /** What a member path (leading {@code ./} removed) is, or null when it is not one of ours. */
    public static Kind kind(String path) {
        String[] parts = path.split("/", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                return null;
            }
        }
        if (parts.length == 2) {
            if (parts[1].equals(CLUSTER)) {
                return Kind.CLUSTER;
            }
            if (parts[1].equals(MANIFEST)) {
                return Kind.MANIFEST;
            }
            if (parts[1].endsWith("." + DATABASE_EXTENSION) && parts[1].length() > DATABASE_EXTENSION.length() + 1) {
                return Kind.DATABASE;
            }
        }
        if (parts.length == 3 && parts[2].endsWith("." + TABLE_EXTENSION)
                && parts[2].length() > TABLE_EXTENSION.length() + 1) {
            return Kind.TABLE;
        }
        return null;
    }

    /** The database of a {@code .dbconfig} path. */
    public static String databaseOf(String path) {
        String file = path.split("/", -1)[1];
        return file.substring(0, file.length() - DATABASE_EXTENSION.length() - 1);
    }

    /** The table of a table {@code .config} path. */
    public static TableId tableOf(String path) {
        String[] parts = path.split("/", -1);
        return new TableId(parts[1], parts[2].substring(0, parts[2].length() - TABLE_EXTENSION.length() - 1));
    }

    /** Our kinds of metadata member. */
    public enum Kind { TABLE, DATABASE, CLUSTER, MANIFEST }
}
