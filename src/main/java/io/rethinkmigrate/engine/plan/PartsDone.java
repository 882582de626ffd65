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

    /**
     * Records that {@code part} of {@code plan} is loaded ({@code documents}, from {@code archive}) into
     * {@code tables} (the target names, after -i, --exclude and --rename), which --finish checks against its own.
     */
    public Path record(PartPlan plan, int part, String archive, long documents, List<String> tables) throws IOException {
        Files.createDirectories(dir);
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("plan_id", plan.id());
        o.put("part", part);
        o.put("parts", plan.parts());
        o.put("archive", archive);
        o.put("documents", documents);
        tables.forEach(o.putArray("tables")::add);
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

    /**
     * Refuses, in one line (an inconsistent set: exit 14), unless every part of {@code plan} recorded it is
     * done, into the same {@code tables} that --finish is about to set up: a --finish given other -i,
     * --exclude or --rename than the parts would leave some loaded tables without their indexes and hooks.
     */
    public void checkAll(PartPlan plan, List<String> tables) {
        List<String> missing = new ArrayList<>();
        for (int p = 0; p < plan.parts(); p++) {
            JsonNode record = readDone(plan, p);
            if (record == null) {
                missing.add(String.valueOf(p));
            } else {
                checkSameTables(record, p, tables);
            }
        }
        if (!missing.isEmpty()) {
            throw new MigrateException(ErrorKind.ARCHIVE_INCONSISTENT, (missing.size() == 1 ? "part " : "parts ")
                    + String.join(", ", missing) + " of the " + plan.parts() + " parts of plan " + plan.id()
                    + (missing.size() == 1 ? " has" : " have") + " not recorded done in " + dir
                    + " (restore --part): nothing was set");
        }
    }

    /** A record without "tables" (written before they were recorded) is taken as it is. */
    private void checkSameTables(JsonNode record, int part, List<String> tables) {
        if (!record.has("tables")) {
            return;
        }
        List<String> loaded = new ArrayList<>();
        record.get("tables").forEach(t -> loaded.add(t.asText()));
        List<String> onlyLoaded = new ArrayList<>(loaded);
        onlyLoaded.removeAll(tables);
        List<String> onlyFinished = new ArrayList<>(tables);
        onlyFinished.removeAll(loaded);
        if (!onlyLoaded.isEmpty() || !onlyFinished.isEmpty()) {
            String difference = !onlyLoaded.isEmpty()
                    ? "part " + part + " loaded " + onlyLoaded.get(0) + ", which this --finish does not select"
                    : "this --finish selects " + onlyFinished.get(0) + ", which part " + part + " did not load";
            throw new MigrateException(ErrorKind.ARCHIVE_INCONSISTENT, difference + " (" + file(record.path("plan_id")
                    .asText(), part) + "): give --finish the same -i, --exclude and --rename as the parts; nothing was set");
        }
    }

    /** The record of {@code part}, or null when there is none, or none readable, of this plan. */
    private JsonNode readDone(PartPlan plan, int part) {
        Path file = file(plan.id(), part);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode o = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            return plan.id().equals(o.path("plan_id").asText()) && o.path("part").asInt(-1) == part ? o : null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: not done, and named as missing
        }
    }
}
