package io.rethinkmigrate.engine.plan;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that archives given together are exactly the parts of one plan: each a part, all of the same
 * plan (the plan file's, when one is given), no part twice, none missing. A failure is an inconsistent
 * archive set (exit code 14), in one line naming the archives.
 */
public final class PartSet {
    private PartSet() {
    }

    /**
     * @param plan the plan the parts must belong to, or null to take the first archive's
     * @param only the one part expected (restore --part), or null for every part of the plan
     */
    public static void check(List<PartLabel> labels, PartPlan plan, Integer only) {
        if (labels.isEmpty()) {
            throw new MigrateException(ErrorKind.USAGE, "no part archive given");
        }
        for (PartLabel label : labels) {
            if (label.planId() == null) {
                throw inconsistent(label.name() + " is not a part of a plan (a whole dump): restore it on its own");
            }
        }
        PartLabel first = labels.get(0);
        String planId = plan != null ? plan.id() : first.planId();
        int parts = plan != null ? plan.parts() : first.parts();
        String expected = plan != null ? " (--plan)" : " (as " + first.name() + ")";
        Map<Integer, String> byPart = byPart(labels, planId, parts, expected);
        checkNoneMissing(byPart, planId, parts, only);
        if (only != null && byPart.size() > 1) {
            throw new MigrateException(ErrorKind.USAGE, "--part " + only + ": give only that part's archive");
        }
    }

    /** The archives by part number, each checked to be a part of the plan and no part given twice. */
    private static Map<Integer, String> byPart(List<PartLabel> labels, String planId, int parts, String expected) {
        Map<Integer, String> byPart = new TreeMap<>();
        for (PartLabel label : labels) {
            if (!label.planId().equals(planId)) {
                throw inconsistent(label.name() + " is a part of plan " + label.planId() + ", not of plan " + planId
                        + expected);
            }
            if (label.parts() != parts || label.part() < 0 || label.part() >= parts) {
                throw inconsistent(label.name() + " says it is part " + label.part() + " of " + label.parts()
                        + ", the plan has " + parts + " parts");
            }
            String twice = byPart.put(label.part(), label.name());
            if (twice != null) {
                throw inconsistent("part " + label.part() + " of plan " + planId + " is given twice: " + twice + " and "
                        + label.name());
            }
        }
        return byPart;
    }

    /** Every part of the plan must be there, or with {@code only} that one part. */
    private static void checkNoneMissing(Map<Integer, String> byPart, String planId, int parts, Integer only) {
        List<Integer> missing = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            if (only == null ? !byPart.containsKey(p) : p == only && !byPart.containsKey(p)) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw inconsistent((missing.size() == 1 ? "part " : "parts ") + join(missing) + " of the " + parts
                    + " parts of plan " + planId + (missing.size() == 1 ? " is" : " are") + " missing (given: "
                    + join(new ArrayList<>(byPart.keySet())) + ")");
        }
    }

    private static String join(List<Integer> parts) {
        return String.join(", ", parts.stream().map(String::valueOf).toList());
    }

    private static MigrateException inconsistent(String message) {
        return new MigrateException(ErrorKind.ARCHIVE_INCONSISTENT, message);
    }
}
