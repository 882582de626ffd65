package io.rethinkmigrate.engine.plan;

import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.engine.ConnectionFactory;
import io.rethinkmigrate.engine.dump.Dumper;
import io.rethinkmigrate.engine.read.DumpOptions;
import io.rethinkmigrate.engine.read.KeyRange;
import io.rethinkmigrate.engine.read.RangePlanner;
import io.rethinkmigrate.engine.read.TableMetadata;
import io.rethinkmigrate.engine.schedule.PerTable;
import io.rethinkmigrate.model.TableId;
import io.rethinkmigrate.wire.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Makes a {@link PartPlan}: reads the catalog and each selected table's size estimate once, cuts every
 * table that is big next to a part into key ranges (the dump's own {@link RangePlanner}, asked for enough
 * ranges), keeps small tables whole, and spreads the pieces over the parts, largest first onto the
 * lightest part ({@link PartAssigner}). Balance is by the server's estimates, with documents assumed spread
 * evenly over each table's key space (as the dump's own range cutting assumes).
 */
public final class PartPlanner {
    /** Pieces per part a table is cut into when it is big: fine enough to even the parts out. */
    static final int PIECES_PER_PART = 8;

    /** A selected table and its estimated documents. */
    record Estimate(TableId id, long documents) {
    }

    /** Cuts a table into at least {@code minRanges} key ranges (the server's range planner, or a test's). */
    interface RangeCutter {
        RangePlanner.Plan cut(TableId table, int minRanges);
    }

    private PartPlanner() {
    }

    /** Reads the source once and plans {@code parts} parts of the tables {@code options}' selection picks. */
    public static PartPlan plan(ConnectionFactory server, String source, int parts, List<String> include,
                                List<String> exclude, DumpOptions options, List<String> warnings)
            throws InterruptedException {
        try (Connection control = server.open()) {
            List<TableId> selected = Dumper.selectedTables(control, options.selection());
            List<TableInfo> infos = PerTable.run(selected, options.clients(), id -> TableMetadata.read(control, id));
            List<Estimate> estimates = new ArrayList<>();
            Map<TableId, TableInfo> byId = new HashMap<>();
            for (int i = 0; i < selected.size(); i++) {
                estimates.add(new Estimate(selected.get(i), Math.max(0, infos.get(i).estimatedDocuments())));
                byId.put(selected.get(i), infos.get(i));
            }
            long total = estimates.stream().mapToLong(Estimate::documents).sum();
            List<RangePlanner.Plan> cuts = PerTable.run(selected, options.clients(), id -> RangePlanner.plan(control, id,
                    byId.get(id), options, rangesWanted(estimateOf(estimates, id), total, parts)));
            Map<TableId, RangePlanner.Plan> cut = new HashMap<>();
            for (int i = 0; i < selected.size(); i++) {
                cut.put(selected.get(i), cuts.get(i));
            }
            List<PartPlan.Table> tables = split(estimates, parts, (id, min) -> cut.get(id), warnings);
            return new PartPlan(UUID.randomUUID().toString(), Instant.now().toString(), source, parts, include, exclude,
                    options.readOutdated(), tables);
        }
    }

    private static long estimateOf(List<Estimate> estimates, TableId id) {
        return estimates.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow().documents();
    }

    /**
     * How many ranges a table of {@code documents} should be cut into: 1 (kept whole) when it is at most
     * one piece, {@code 1/PIECES_PER_PART} of a part; else one range per piece.
     */
    static int rangesWanted(long documents, long total, int parts) {
        long piece = Math.max(1, (total + (long) parts * PIECES_PER_PART - 1) / ((long) parts * PIECES_PER_PART));
        if (documents <= piece) {
            return 1;
        }
        return (int) Math.min(4_096, (documents + piece - 1) / piece);
    }

    /** The tables with their ranges assigned to parts: the pure half of {@link #plan}, testable without a server. */
    static List<PartPlan.Table> split(List<Estimate> estimates, int parts, RangeCutter cutter, List<String> warnings) {
        long total = estimates.stream().mapToLong(Estimate::documents).sum();
        List<RangePlanner.Plan> cuts = new ArrayList<>();
        List<long[]> pieceSizes = new ArrayList<>(); // per table: one size per range, or one for the whole table
        List<Long> pieces = new ArrayList<>();
        for (Estimate e : estimates) {
            int wanted = rangesWanted(e.documents(), total, parts);
            RangePlanner.Plan cut = cutter.cut(e.id(), wanted);
            cuts.add(cut);
            if (wanted > 1 && cut.ranges().size() < 2) {
                warnings.add(e.id() + " could not be cut into key ranges (its keys are neither all numbers nor all "
                        + "strings): one part reads all of it");
            }
            long[] sizes = wanted == 1 ? new long[] {e.documents()} : evenly(e.documents(), cut.ranges().size());
            pieceSizes.add(sizes);
            for (long size : sizes) {
                pieces.add(size);
            }
        }
        int[] assigned = PartAssigner.assign(pieces.stream().mapToLong(Long::longValue).toArray(), parts);
        List<PartPlan.Table> tables = new ArrayList<>();
        int piece = 0;
        for (int t = 0; t < estimates.size(); t++) {
            RangePlanner.Plan cut = cuts.get(t);
            long[] sizes = pieceSizes.get(t);
            List<PartPlan.Range> ranges = new ArrayList<>();
            List<KeyRange> keyRanges = cut.ranges();
            for (int r = 0; r < keyRanges.size(); r++) {
                boolean whole = sizes.length == 1;
                long documents = whole ? (r == 0 ? sizes[0] : 0) : sizes[r];
                ranges.add(new PartPlan.Range(keyRanges.get(r), documents, assigned[whole ? piece : piece + r]));
            }
            piece += sizes.length;
            tables.add(new PartPlan.Table(estimates.get(t).id(), estimates.get(t).documents(), cut.firstPageLength(),
                    cut.wholeReads(), ranges));
        }
        return tables;
    }

    /** {@code total} spread over {@code n} pieces, the remainder on the first ones. */
    private static long[] evenly(long total, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = total / n + (i < total % n ? 1 : 0);
        }
        return out;
    }
}
