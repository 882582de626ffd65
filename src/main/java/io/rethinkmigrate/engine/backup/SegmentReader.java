package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** Reads log segments: the sealed ones of a directory (from their sidecars), and a segment's records one by one. */
final class SegmentReader {
    private SegmentReader() {
    }

    /** The sealed segments, oldest first; a segment without its sidecar is an error naming it. */
    static List<SealedSegment> sealed(BackupLayout layout) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(layout.logDir())) {
            try (var list = Files.list(layout.logDir())) {
                list.filter(p -> p.getFileName().toString().endsWith(BackupLayout.SEGMENT_SUFFIX)).forEach(files::add);
            }
        }
        files.sort(null);
        List<SealedSegment> out = new ArrayList<>();
        for (Path file : files) {
            Path sidecar = SealedSegment.sidecarOf(file);
            if (!Files.isRegularFile(sidecar)) {
                throw new MigrateException(ErrorKind.ARCHIVE_INCONSISTENT, file + ": sealed segment without its sidecar " + sidecar.getFileName());
            }
            out.add(SealedSegment.fromSidecar(file, BackupLayout.readJson(sidecar)));
        }
        return out;
    }

    /** Hands each record of a segment to {@code visitor}, in order; returns how many there were. */
    static long read(Path segment, Consumer<JsonNode> visitor) throws IOException {
        long n = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(segment), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode record;
                try {
                    record = Json.parse(line);
                } catch (RuntimeException e) {
                    throw new MigrateException(ErrorKind.ARCHIVE_BAD_DATA, segment + " record " + (n + 1) + ": invalid JSON: "
                            + e.getMessage(), e);
                }
                n++;
                visitor.accept(record);
            }
        }
        return n;
    }
}
