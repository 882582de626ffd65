package io.rethinkmigrate.engine.backup;

import io.rethinkmigrate.archive.ArchiveWriter;
import io.rethinkmigrate.archive.tar.OfficialArchiveWriter;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.engine.dump.Dumper;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.progress.ProgressListener;
import io.rethinkmigrate.progress.RunSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/**
 * A base: one table dumped by {@link Dumper} into its own archive in the official layout (so that the
 * official `rethinkdb restore` reads it alone), written as {@code .partial} and renamed when complete.
 */
final class BaseWriter {
    /** What a finished base holds. */
    record Written(long documents, String sha256) {
    }

    private final ConnectionFactory connections;
    private final BackupOptions options;

    BaseWriter(ConnectionFactory connections, BackupOptions options) {
        this.connections = connections;
        this.options = options;
    }

    Written write(TableId table, Path file, long startedMillis) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        String top = OfficialArchiveWriter.defaultBaseName(LocalDateTime.ofInstant(Instant.ofEpochMilli(startedMillis), ZoneOffset.UTC));
        Selection one = Selection.parse("-e", List.of(table.db() + "." + table.table()));
        RunSummary summary;
        try (ArchiveWriter archive = OfficialArchiveWriter.toFile(file, top, options.writer())) {
            summary = new Dumper(connections, options.dump().withSelection(one), ProgressListener.NONE).dump(archive);
        }
        return new Written(summary.documents(), sha256(file));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
