package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where things live in a backup directory: {@code backup.json} (marks the directory and its format),
 * {@code bases/DB/TABLE/START.tar.gz} (one table each, the official dump layout) and
 * {@code log/START-END.ndjson.gz} (sealed segments, each with a {@code .sha256} sidecar; the one being
 * written is {@code log/START.ndjson.gz.open}). Times are epoch milliseconds, 13 digits, so that names sort
 * by time.
 */
public final class BackupLayout {
    public static final String MARKER = "backup.json";
    public static final String FORMAT = "rethink-migrate-backup";
    static final String SEGMENT_SUFFIX = ".ndjson.gz";
    static final String OPEN_SUFFIX = ".open";
    static final String SIDECAR_SUFFIX = ".sha256";

    private final Path dir;

    public BackupLayout(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** True when {@code path} is a directory holding a backup (its marker file). */
    public static boolean isBackup(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve(MARKER));
    }

    /** Opens an existing backup directory, or says in one line why it is not one. */
    public static BackupLayout existing(Path dir) {
        if (!isBackup(dir)) {
            throw new MigrateException(ErrorKind.USAGE, dir + ": not a backup directory (no " + MARKER + ")");
        }
        return new BackupLayout(dir);
    }

    /** Creates the directory and its marker when new; refuses a non-empty directory that is not a backup. */
    static BackupLayout create(Path dir, String source) throws IOException {
        Files.createDirectories(dir);
        if (!isBackup(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new MigrateException(ErrorKind.TARGET_EXISTS,
                            dir + ": not empty and not a backup directory; give an empty or new directory");
                }
            }
            ObjectNode marker = Json.mapper().createObjectNode();
            marker.put("format", FORMAT).put("version", 1).put("source", source);
            writeAtomically(dir.resolve(MARKER), (Json.write(marker) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        BackupLayout layout = new BackupLayout(dir);
        Files.createDirectories(layout.logDir());
        Files.createDirectories(layout.basesDir());
        return layout;
    }

    Path logDir() {
        return dir.resolve("log");
    }

    Path basesDir() {
        return dir.resolve("bases");
    }

    Path baseFile(TableId table, long start) {
        return basesDir().resolve(table.db()).resolve(table.table()).resolve(stamp(start) + ".tar.gz");
    }

    /** A base's name relative to the directory, as log records hold it. */
    String relative(Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    Path resolve(String relative) {
        return dir.resolve(relative);
    }

    static String stamp(long millis) {
        return String.format("%013d", millis);
    }

    static String sealedName(long start, long end) {
        return stamp(start) + "-" + stamp(end) + SEGMENT_SUFFIX;
    }

    static String openName(long start) {
        return stamp(start) + SEGMENT_SUFFIX + OPEN_SUFFIX;
    }

    /** Writes a small file so that readers see the old or the new content, never a part: temp, sync, rename. */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
        }
        moveAtomically(temp, file);
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(to.getParent());
    }

    /** Makes a rename durable (a no-op where directories cannot be opened, as on Windows). */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: not every file system lets a directory be synced
        }
    }

    static JsonNode readJson(Path file) throws IOException {
        return Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    }
}
