package io.rethinkmigrate.engine.verify;

import io.rethinkmigrate.engine.Selection;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Compares two sides table by table (docs/verify.md). First pass: both sides at once, each table's
 * metadata and its {@link TableDigest} (memory: 4 KiB a table). Then, for a table whose digests differ
 * and when keys are asked for, key passes over the differing buckets only: each side is read again
 * keeping just the documents of those buckets (canonical key → hash), at most {@code keyBudget} keys per
 * side and pass (bigger buckets are split into slices by a second hash), until {@code showDifferences}
 * keys are found or every differing bucket is done. So memory is bounded whatever the table's size.
 */
public final class Verifier {
    /** Keys held per side in one key pass (about 100 bytes each). */
    public static final long DEFAULT_KEY_BUDGET = 200_000;

    private final VerifySide source;
    private final VerifySide target;
    private final Selection selection;
    private final int showDifferences;
    private final long keyBudget;
    private final boolean sourceDefinesTables;

    /**
     * @param sourceDefinesTables true when the source says which tables to compare (an archive against a
     *                            cluster: the cluster may hold other tables, which are only noted); false
     *                            when a table on the target alone is a difference (two clusters)
     */
    public Verifier(VerifySide source, VerifySide target, Selection selection, int showDifferences, long keyBudget,
                    boolean sourceDefinesTables) {
        this.source = source;
        this.target = target;
        this.selection = selection;
        this.showDifferences = Math.max(0, showDifferences);
        this.keyBudget = Math.max(1, keyBudget);
        this.sourceDefinesTables = sourceDefinesTables;
    }

    public VerifyReport run() throws IOException, InterruptedException {
        List<Map<TableId, SideTable>> sides = both(() -> source.read(selection), () -> target.read(selection));
        Map<TableId, SideTable> s = sides.get(0);
        Map<TableId, SideTable> t = sides.get(1);
        Set<TableId> all = new TreeSet<>(s.keySet());
        all.addAll(t.keySet());
        List<TableVerdict> verdicts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        for (TableId id : all) {
            if (sourceDefinesTables && !s.containsKey(id)) {
                notCompared.add(id.toString());
                continue;
            }
            verdicts.add(compare(id, s.get(id), t.get(id)));
        }
        if (!notCompared.isEmpty()) {
            notes.add("not compared, not in " + source.describe() + ": " + String.join(", ", notCompared));
        }
        return new VerifyReport(source.describe(), target.describe(), verdicts, notes);
    }

    private TableVerdict compare(TableId id, SideTable a, SideTable b) throws IOException, InterruptedException {
        if (a == null || b == null) {
            SideTable present = a != null ? a : b;
            String problem = a == null ? "table only on target (" + target.describe() + ")"
                    : "table missing on target (" + target.describe() + ")";
            return new TableVerdict(id, a == null ? -1 : a.digest().documents(), b == null ? -1 : b.digest().documents(),
                    a == null ? null : a.digest().hash(), b == null ? null : b.digest().hash(), List.of(problem),
                    List.of(), present.digest().documents() > 0 ? "not compared document by document" : null);
        }
        List<String> problems = new ArrayList<>(MetadataComparison.compare(a, b));
        List<Integer> buckets = a.digest().differingBuckets(b.digest());
        List<KeyDifference> keys = new ArrayList<>();
        String keysNote = null;
        if (!buckets.isEmpty()) {
            long da = a.digest().documents();
            long db = b.digest().documents();
            problems.add(da == db ? "documents differ (" + da + " on both sides, hashes " + a.digest().hash() + " and "
                    + b.digest().hash() + ")" : "documents: " + da + " on source, " + db + " on target");
            if (showDifferences == 0) {
                keysNote = "keys not listed (--show-differences 0)";
            } else if (!source.rereadable() || !target.rereadable()) {
                keysNote = "keys not listed: " + (source.rereadable() ? target : source).describe()
                        + " is a stream, read once (verify the file to list them)";
            } else if (!a.info().primaryKey().equals(b.info().primaryKey())) {
                keysNote = "keys not listed: the primary keys differ";
            } else {
                keysNote = findKeys(id, a, b, buckets, keys);
            }
        }
        return new TableVerdict(id, a.digest().documents(), b.digest().documents(), a.digest().hash(), b.digest().hash(),
                problems, keys, keysNote);
    }

    /** Fills {@code keys} with up to showDifferences differences; returns a note when more may exist. */
    private String findKeys(TableId id, SideTable a, SideTable b, List<Integer> buckets, List<KeyDifference> keys)
            throws IOException, InterruptedException {
        String pk = a.info().primaryKey();
        int i = 0;
        while (i < buckets.size()) {
            // greedy group of buckets under the budget; a bucket alone over it is split into slices
            Set<Integer> group = new TreeSet<>();
            long size = 0;
            while (i < buckets.size()) {
                int bucket = buckets.get(i);
                long n = Math.max(a.digest().count(bucket), b.digest().count(bucket));
                if (!group.isEmpty() && size + n > keyBudget) {
                    break;
                }
                group.add(bucket);
                size += n;
                i++;
            }
            int slices = (int) Math.max(1, (size + keyBudget - 1) / keyBudget);
            for (int slice = 0; slice < slices; slice++) {
                KeyFilter filter = new KeyFilter(pk, group, slices, slice);
                List<Map<TableId, Map<String, Long>>> found = both(() -> source.keys(Map.of(id, filter)),
                        () -> target.keys(Map.of(id, filter)));
                List<KeyDifference> pass = diff(found.get(0).getOrDefault(id, Map.of()), found.get(1).getOrDefault(id, Map.of()));
                for (KeyDifference d : pass) {
                    if (keys.size() >= showDifferences) {
                        return "more differing documents not listed (--show-differences " + showDifferences + ")";
                    }
                    keys.add(d);
                }
            }
        }
        return null;
    }

    static List<KeyDifference> diff(Map<String, Long> source, Map<String, Long> target) {
        List<KeyDifference> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : source.entrySet()) {
            Long other = target.get(e.getKey());
            if (other == null) {
                out.add(new KeyDifference(KeyDifference.Kind.MISSING, e.getKey()));
            } else if (!other.equals(e.getValue())) {
                out.add(new KeyDifference(KeyDifference.Kind.CHANGED, e.getKey()));
            }
        }
        for (String key : target.keySet()) {
            if (!source.containsKey(key)) {
                out.add(new KeyDifference(KeyDifference.Kind.EXTRA, key));
            }
        }
        out.sort(Comparator.comparing(KeyDifference::kind).thenComparing(KeyDifference::key));
        return out;
    }

    private interface SideJob<T> {
        T run() throws IOException, InterruptedException;
    }

    /** Runs the two sides' jobs at the same time; the first failure is thrown as it was. */
    private static <T> List<T> both(SideJob<T> first, SideJob<T> second) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "verify-side");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<T> a = CompletableFuture.supplyAsync(() -> call(first), pool);
            CompletableFuture<T> b = CompletableFuture.supplyAsync(() -> call(second), pool);
            return List.of(get(a), get(b));
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T call(SideJob<T> job) {
        try {
            return job.run();
        } catch (IOException | InterruptedException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof InterruptedException ie) {
                throw ie;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new MigrateException(ErrorKind.INTERNAL, String.valueOf(c), c);
        }
    }
}
