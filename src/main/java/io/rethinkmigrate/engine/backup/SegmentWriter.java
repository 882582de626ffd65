package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The open log segment: records appended as gzip NDJSON to {@code START.ndjson.gz.open}. Sealing finishes
 * the gzip stream, syncs the file, writes the sidecar (SHA-256, count, time range) atomically, and only then
 * renames the segment to {@code START-END.ndjson.gz}: a segment under its final name is complete, with its
 * sidecar beside it. A crash loses the open segment only.
 */
final class SegmentWriter {
    private final Path logDir;
    private final long start;
    private final Path openFile;
    private final FileOutputStream file;
    private final MessageDigest digest;
    private final GZIPOutputStream gzip;
    private final List<JsonNode> controls = new ArrayList<>();
    private long records;

    private SegmentWriter(Path logDir, long start) throws IOException {
        this.logDir = logDir;
        this.start = start;
        this.openFile = logDir.resolve(BackupLayout.openName(start));
        this.file = new FileOutputStream(openFile.toFile());
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.gzip = new GZIPOutputStream(new BufferedOutputStream(new DigestOutputStream(file, digest), 1 << 16), 1 << 16);
    }

    static SegmentWriter open(Path logDir, long start) throws IOException {
        return new SegmentWriter(logDir, start);
    }

    long start() {
        return start;
    }

    long records() {
        return records;
    }

    /** One record: its bytes without the newline, which this adds. */
    void append(byte[] line) throws IOException {
        gzip.write(line);
        gzip.write('\n');
        records++;
    }

    /** A control record: appended, and kept for the sidecar, so that a history is read from sidecars alone. */
    void appendControl(ObjectNode record) throws IOException {
        append(Json.write(record).getBytes(StandardCharsets.UTF_8));
        controls.add(record);
    }

    void append(byte[] prefix, byte[] element, int offset, int length) throws IOException {
        gzip.write(prefix);
        gzip.write(element, offset, length);
        gzip.write('}');
        gzip.write('\n');
        records++;
    }

    /** Seals the segment as holding the records received up to {@code end}; returns it. */
    SealedSegment seal(long end) throws IOException {
        gzip.finish();
        gzip.flush();
        file.getFD().sync();
        file.close();
        long bytes = Files.size(openFile);
        Path sealed = logDir.resolve(BackupLayout.sealedName(start, end));
        SealedSegment segment = new SealedSegment(sealed, start, end, records, bytes,
                HexFormat.of().formatHex(digest.digest()), List.copyOf(controls));
        BackupLayout.writeAtomically(segment.sidecarFile(),
                (Json.write(segment.sidecar()) + "\n").getBytes(StandardCharsets.UTF_8));
        BackupLayout.moveAtomically(openFile, sealed);
        return segment;
    }

    /** Closes without sealing (the file stays as {@code .open}: what a crash would leave). */
    void abandon() {
        try {
            file.close();
        } catch (IOException e) {
            // nothing more to lose
        }
    }
}
