package io.rethinkmigrate.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The progress record of a restore from an archive file, so that {@code restore --resume} can go on
 * where an interrupted run stopped instead of starting over (format: docs/restore-progress.md).
 *
 * <p>It lists the tables the run started, whether it created each one, whether each is complete, and
 * for the table in work the number of its archive documents acknowledged as a contiguous prefix
 * (batches finish out of order, so only the prefix is certain). It names the archive by its size,
 * modification time and the SHA-256 of its first MiB, so that a record is never applied to another
 * archive. It is rewritten through a temporary file renamed into place, so that a run killed at any
 * moment leaves the old record or the new one, never half of one; and removed when the restore
 * completes.
 */
public final class RestoreProgress {
    static final String FORMAT = "rethink-migrate restore progress";
    static final int VERSION = 1;
    /** Rewrites caused by acknowledgements are at most this often; table starts and ends are written at once. */
    private static final long SAVE_INTERVAL_NANOS = 1_000_000_000L;

    private final Path file;
    private final String archiveIdentity;
    private final Map<TableId, Entry> tables = new LinkedHashMap<>();
    private final boolean resumed;
    private long lastSave;

    /** One table of the record. */
    static final class Entry {
        final boolean created;
        final boolean earlier;
        boolean done;
        long acknowledged;

        Entry(boolean created, boolean earlier, boolean done, long acknowledged) {
            this.created = created;
            this.earlier = earlier;
            this.done = done;
            this.acknowledged = acknowledged;
        }
    }

    private RestoreProgress(Path file, String archiveIdentity, boolean resumed) {
        this.file = file;
        this.archiveIdentity = archiveIdentity;
        this.resumed = resumed;
    }

    /**
     * The record for a restore of {@code archive}, kept in {@code file}. With {@code resume}, an existing
     * record is read and must be for this archive (else a usage error naming both); without, or when
     * there is none, the restore starts from the beginning and the record is started afresh.
     */
    public static RestoreProgress open(Path file, Path archive, boolean resume) throws IOException {
        String identity = identity(archive);
        if (!resume || !Files.exists(file)) {
            return new RestoreProgress(file, identity, false);
        }
        JsonNode root;
        try {
            root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new MigrateException(ErrorKind.USAGE, "--resume: progress record " + file
                    + " cannot be read (" + e.getMessage() + "); remove it to restore from the beginning");
        }
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new MigrateException(ErrorKind.USAGE, "--resume: " + file + " is not a rethink-migrate "
                    + "restore progress record (version " + VERSION + ")");
        }
        String recorded = root.path("archive").asText();
        if (!identity.equals(recorded)) {
            throw new MigrateException(ErrorKind.USAGE, "--resume: progress record " + file
                    + " is for another archive than " + archive + " (recorded " + recorded + ", this one " + identity
                    + "); give the archive that was being restored, or remove the record to start over");
        }
        RestoreProgress progress = new RestoreProgress(file, identity, true);
        for (JsonNode t : root.path("tables")) {
            progress.tables.put(new TableId(t.path("db").asText(), t.path("table").asText()),
                    new Entry(t.path("created").asBoolean(), true, t.path("done").asBoolean(), t.path("acknowledged").asLong()));
        }
        return progress;
    }

    /** Where the record goes when no --progress-file is given: next to the archive, or in the temp dir. */
    public static Path defaultFile(Path archive, Path tempDir) {
        String name = archive.getFileName() + ".restore-progress.json";
        return tempDir != null ? tempDir.resolve(name) : archive.resolveSibling(name);
    }

    /** Size, modification time and the SHA-256 of the first MiB: cheap, and enough to tell archives apart. */
    static String identity(Path archive) throws IOException {
        long size = Files.size(archive);
        long mtime = Files.getLastModifiedTime(archive).toMillis();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] buffer = new byte[64 * 1024];
            long left = 1 << 20;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                sha.update(buffer, 0, n);
                left -= n;
            }
        }
        return "size " + size + ", modified " + Instant.ofEpochMilli(mtime) + ", sha256 of first MiB "
                + HexFormat.of().formatHex(sha.digest());
    }

    public Path file() {
        return file;
    }

    /** True when this run goes on from a record of an earlier one. */
    public boolean resumed() {
        return resumed;
    }

    synchronized boolean isDone(TableId table) {
        Entry e = tables.get(table);
        return e != null && e.done;
    }

    /** True when an earlier run of this record created the table, so that it may exist without --force. */
    synchronized boolean createdEarlier(TableId table) {
        Entry e = tables.get(table);
        return e != null && e.created;
    }

    /** True when an earlier run of this record began writing the table: what it wrote may be there in part. */
    synchronized boolean startedEarlier(TableId table) {
        Entry e = tables.get(table);
        return e != null && e.earlier;
    }

    /** Documents of the table, from its first one in the archive, that an earlier run had acknowledged. */
    synchronized long acknowledged(TableId table) {
        Entry e = tables.get(table);
        return e == null || e.done ? 0 : e.acknowledged;
    }

    /** The table is about to be written; {@code creating}: this run creates it (recorded before it does). */
    synchronized void tableStarted(TableId table, boolean creating) throws IOException {
        Entry e = tables.get(table);
        if (e == null) {
            tables.put(table, new Entry(creating, false, false, 0));
        } else if (creating && !e.created) {
            tables.put(table, new Entry(true, e.earlier, e.done, e.acknowledged));
        }
        save();
    }

    /** The first {@code documents} documents of the table in the archive are all acknowledged. */
    synchronized void acknowledged(TableId table, long documents) {
        Entry e = tables.get(table);
        if (e == null || documents <= e.acknowledged) {
            return;
        }
        e.acknowledged = documents;
        if (System.nanoTime() - lastSave >= SAVE_INTERVAL_NANOS) {
            try {
                save();
            } catch (IOException ignored) {
                // the next save tries again; a record a little behind only makes a resume re-send more
            }
        }
    }

    /** Every document of the table is acknowledged (indexes and hook follow, and are idempotent on resume). */
    synchronized void tableDone(TableId table) throws IOException {
        Entry e = tables.get(table);
        if (e != null) {
            e.done = true;
            save();
        }
    }

    /** At the end of a run: removes the record when everything is done, else writes where it got to. */
    public synchronized void finish(boolean complete) throws IOException {
        if (complete) {
            Files.deleteIfExists(file);
        } else if (!tables.isEmpty()) {
            save(); // a run that wrote nothing (refused at the start) leaves an earlier record as it was
        }
    }

    /** Writes the record atomically: a temporary file in the same directory, renamed over the old one. */
    synchronized void save() throws IOException {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("archive", archiveIdentity);
        root.put("updated", Instant.now().toString());
        ArrayNode list = root.putArray("tables");
        tables.forEach((id, e) -> list.addObject().put("db", id.db()).put("table", id.table())
                .put("created", e.created).put("done", e.done).put("acknowledged", e.acknowledged));
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, Json.write(root) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (NoSuchFileException ignored) {
                // moved
            }
        }
        lastSave = System.nanoTime();
    }
}
