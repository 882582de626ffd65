package io.rethinkmigrate.engine.plan;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Spreads pieces of work of known (estimated) sizes over N parts so that the parts are about equal: the
 * largest piece first, each onto the part that holds the least so far (ties: the lowest part number). The
 * same sizes always give the same parts.
 */
final class PartAssigner {
    private PartAssigner() {
    }

    /** The part (0 to {@code parts - 1}) of each piece. */
    static int[] assign(long[] sizes, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1");
        }
        Integer[] order = new Integer[sizes.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> sizes[i]).reversed().thenComparingInt(i -> i));
        long[] load = new long[parts];
        int[] assigned = new int[sizes.length];
        for (int piece : order) {
            int lightest = 0;
            for (int p = 1; p < parts; p++) {
                if (load[p] < load[lightest]) {
                    lightest = p;
                }
            }
            assigned[piece] = lightest;
            load[lightest] += Math.max(0, sizes[piece]);
        }
        return assigned;
    }
}
