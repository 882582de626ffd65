package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * `verify DIR`: checks the chain. Every sealed segment has its sidecar, its SHA-256 and size match, every
 * record reads as JSON in time order inside the segment's range, the count matches; consecutive segments
 * join without a hole unless a new run of `backup` starts there (recorded as a gap); every complete base
 * the log names exists with its SHA-256. An open segment left by an interrupted run is a note, not a problem:
 * what it held was never sealed, and no restore counts on it.
 */
public final class BackupVerifier {
    /** What the check found: problems make the chain unusable where they are; notes are for information. */
    public record Report(int segments, long records, int bases, List<String> problems, List<String> notes) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private BackupVerifier() {
    }

    public static Report verify(BackupLayout layout) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<SealedSegment> segments;
        try {
            segments = SegmentReader.sealed(layout);
        } catch (RuntimeException e) {
            return new Report(0, 0, 0, List.of(e.getMessage()), List.of());
        }
        long records = 0;
        SealedSegment previous = null;
        for (SealedSegment segment : segments) {
            records += checkSegment(segment, problems);
            if (previous != null && segment.start() != previous.end() && !startsRun(segment)) {
                problems.add("hole in the log between " + previous.file().getFileName() + " and " + segment.file().getFileName());
            }
            previous = segment;
        }
        int bases = checkBases(layout, segments, problems);
        leftovers(layout, notes);
        return new Report(segments.size(), records, bases, problems, notes);
    }

    private static boolean startsRun(SealedSegment segment) {
        return segment.controls().stream().anyMatch(r -> LogRecords.RUN_STARTED.equals(LogRecords.kind(r)));
    }

    /** Checks one segment; returns the records read. */
    private static long checkSegment(SealedSegment segment, List<String> problems) throws IOException {
        String name = segment.file().getFileName().toString();
        if (Files.size(segment.file()) != segment.bytes() || !BaseWriter.sha256(segment.file()).equals(segment.sha256())) {
            problems.add(name + ": size or SHA-256 differs from its sidecar");
            return 0;
        }
        long[] last = {segment.start()};
        boolean[] ordered = {true};
        long count;
        try {
            count = SegmentReader.read(segment.file(), record -> {
                long t = LogRecords.time(record);
                if (t < last[0] || t > segment.end()) {
                    ordered[0] = false;
                }
                last[0] = Math.max(last[0], t);
            });
        } catch (IOException | RuntimeException e) {
            problems.add(name + ": unreadable: " + e.getMessage());
            return 0;
        }
        if (count != segment.records()) {
            problems.add(name + ": " + count + " records, its sidecar says " + segment.records());
        }
        if (!ordered[0]) {
            problems.add(name + ": records out of time order or outside " + segment.start() + ".." + segment.end());
        }
        return count;
    }

    private static int checkBases(BackupLayout layout, List<SealedSegment> segments, List<String> problems) throws IOException {
        int bases = 0;
        for (SealedSegment segment : segments) {
            for (JsonNode record : segment.controls()) {
                if (!LogRecords.BASE_COMPLETED.equals(LogRecords.kind(record))) {
                    continue;
                }
                String base = record.path("base").asText();
                Path file = layout.resolve(base);
                if (!Files.isRegularFile(file)) {
                    continue; // removed by --keep once no kept time needed it
                }
                bases++;
                if (!BaseWriter.sha256(file).equals(record.path("sha256").asText())) {
                    problems.add(base + ": SHA-256 differs from the one recorded when it completed");
                }
            }
        }
        return bases;
    }

    private static void leftovers(BackupLayout layout, List<String> notes) throws IOException {
        if (!Files.isDirectory(layout.logDir())) {
            return;
        }
        try (var files = Files.list(layout.logDir())) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(BackupLayout.OPEN_SUFFIX)).sorted()
                    .forEach(n -> notes.add(n + ": open segment of a run that did not stop cleanly (never sealed, not restorable)"));
        }
    }
}
