package io.rethinkmigrate.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory where each part restored on its own (`restore --part`) records that it is done, one small
 * file per part ({@code PLAN_ID.part-I.done.json}), and where `restore --finish` checks that every part
 * of the plan did before it sets indexes and hooks. A directory rather than the target cluster: nothing
 * but the data is written there, and any shared volume of a scheduler serves (a Kubernetes volume, NFS).
 * A record is written at once (a temp file renamed), so a half-written one is never read as done.
 */
public final class PartsDone {
    private final Path dir;

    public PartsDone(Path dir) {
        this.dir = dir;
    }

    /** The record of one part, for {@code plan}. */
    Path file(String planId, int part) {
        return dir.resolve(planId + ".part-" + part + ".done.json");
    }

    /** Records that {@code part} of {@code plan} is loaded ({@code documents}, from {@code archive}). */
    public Path record(PartPlan plan, int part, String archive, long documents) throws IOException {
        Files.createDirectories(dir);
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("plan_id", plan.id());
        o.put("part", part);
        o.put("parts", plan.parts());
        o.put("archive", archive);
        o.put("documents", documents);
        o.put("finished", Instant.now().toString());
        Path file = file(plan.id(), part);
        Path temp = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(temp, Json.mapper().writeValueAsString(o) + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Refuses, in one line (an inconsistent set: exit 14), unless every part of {@code plan} recorded it is done. */
    public void checkAll(PartPlan plan) {
        List<String> missing = new ArrayList<>();
        for (int p = 0; p < plan.parts(); p++) {
            if (!isDone(plan, p)) {
                missing.add(String.valueOf(p));
            }
        }
        if (!missing.isEmpty()) {
            throw new MigrateException(ErrorKind.ARCHIVE_INCONSISTENT, (missing.size() == 1 ? "part " : "parts ")
                    + String.join(", ", missing) + " of the " + plan.parts() + " parts of plan " + plan.id()
                    + (missing.size() == 1 ? " has" : " have") + " not recorded done in " + dir
                    + " (restore --part): nothing was set");
        }
    }

    private boolean isDone(PartPlan plan, int part) {
        Path file = file(plan.id(), part);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            JsonNode o = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            return plan.id().equals(o.path("plan_id").asText()) && o.path("part").asInt(-1) == part;
        } catch (IOException | RuntimeException e) {
            return false; // unreadable: not done, and named as missing
        }
    }
}
