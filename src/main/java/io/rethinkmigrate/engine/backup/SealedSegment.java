package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sealed log segment as its sidecar describes it: records received from {@code start} to {@code end}
 * (epoch ms, both inclusive), their count, the SHA-256 and size of the compressed file, and a copy of its
 * control records (so that the history of a directory is read without opening the segments).
 */
record SealedSegment(Path file, long start, long end, long records, long bytes, String sha256, List<JsonNode> controls) {
    ObjectNode sidecar() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("segment", file.getFileName().toString()).put("start", start).put("end", end)
                .put("records", records).put("bytes", bytes).put("sha256", sha256);
        node.putArray("controls").addAll(controls);
        return node;
    }

    static SealedSegment fromSidecar(Path file, JsonNode node) {
        List<JsonNode> controls = new ArrayList<>();
        node.path("controls").forEach(controls::add);
        return new SealedSegment(file, node.path("start").asLong(), node.path("end").asLong(),
                node.path("records").asLong(), node.path("bytes").asLong(), node.path("sha256").asText(), controls);
    }

    Path sidecarFile() {
        return sidecarOf(file);
    }

    static Path sidecarOf(Path segment) {
        return segment.resolveSibling(segment.getFileName() + BackupLayout.SIDECAR_SUFFIX);
    }
}
