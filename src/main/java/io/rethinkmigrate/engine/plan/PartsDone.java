package io.rethinkmigrate.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.progress.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory where each part restored on its own (`restore --part`) records that it is done, one small
 * file per part ({@code PLAN_ID.part-I.done.json}), and where `restore --finish` checks that every part
 * of the plan did before it sets indexes and hooks. A directory rather than the target cluster: nothing
 * but the data is written there, and any shared volume of a scheduler serves (a Kubernetes volume, NFS).
 * A record is written at once (a temp file renamed), so a half-written one is never read as done. The
 * tables are made by one part only, the first to claim it here ({@link #createOnce}).
 */
public final class PartsDone {
    private static final long POLL_MS = 500;

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
        return writeAtOnce(file(plan.id(), part), o);
    }

    private static Path writeAtOnce(Path file, ObjectNode o) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(temp, Json.mapper().writeValueAsString(o) + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /**
     * Runs {@code create} once for the whole plan: the first part to claim it (a file made only if absent)
     * runs it and records it done; the others wait up to {@code wait} for that record and get null. A
     * claimant that fails gives the claim up, so that another part (or its rerun) tries in turn; one killed
     * outright is known by its part number when it runs again.
     */
    public RunSummary createOnce(PartPlan plan, int part, Step create, Duration wait)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path claim = dir.resolve(plan.id() + ".tables.claim");
        Path created = dir.resolve(plan.id() + ".tables.done.json");
        long deadline = System.nanoTime() + wait.toNanos();
        while (!Files.exists(created)) {
            if (claim(claim, part)) {
                return createClaimed(plan, part, create, claim, created);
            }
            if (System.nanoTime() > deadline) {
                throw new MigrateException(ErrorKind.PARTIAL, "the tables of plan " + plan.id() + " were claimed by part "
                        + readOrEmpty(claim) + " (" + claim + ") and not made within " + wait.toMinutes()
                        + " minutes: run that part again, or delete the claim");
            }
            Thread.sleep(POLL_MS);
        }
        return null;
    }

    /** Step 1 of `restore --part`, for {@link #createOnce}. */
    public interface Step {
        RunSummary run() throws IOException, InterruptedException;
    }

    private static boolean claim(Path claim, int part) throws IOException {
        try {
            Files.writeString(claim, part + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return readOrEmpty(claim).equals(String.valueOf(part));
        }
    }

    private static RunSummary createClaimed(PartPlan plan, int part, Step create, Path claim, Path created)
            throws IOException, InterruptedException {
        RunSummary summary;
        try {
            summary = create.run();
        } catch (IOException | InterruptedException | RuntimeException e) {
            Files.deleteIfExists(claim);
            throw e;
        }
        if (!summary.allDone()) {
            Files.deleteIfExists(claim);
            return summary;
        }
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("plan_id", plan.id());
        o.put("created_by_part", part);
        o.put("finished", Instant.now().toString());
        writeAtOnce(created, o);
        return summary;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return ""; // gone meanwhile, or not yet written
        }
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
