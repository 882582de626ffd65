package io.rethinkmigrate.engine.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The outcome of a verify: every table compared, sorted, with the sides' names. */
public record VerifyReport(String source, String target, List<TableVerdict> tables, List<String> notes) {

    public boolean allMatch() {
        return tables.stream().allMatch(TableVerdict::matches);
    }

    public List<TableVerdict> differing() {
        return tables.stream().filter(t -> !t.matches()).toList();
    }

    /**
     * One line naming every differing table with its differences and keys, e.g.
     * {@code verify: 1 of 3 tables differ: shop.orders (documents: 3000 on source, 2999 on target;
     * missing on target: 17; index `x` missing on target)}.
     */
    public String summary() {
        List<TableVerdict> diff = differing();
        if (diff.isEmpty()) {
            return "verify: all " + tables.size() + " tables match";
        }
        List<String> parts = new ArrayList<>();
        for (TableVerdict t : diff) {
            List<String> items = new ArrayList<>(t.problems());
            for (KeyDifference.Kind kind : KeyDifference.Kind.values()) {
                String keys = t.keys().stream().filter(k -> k.kind() == kind).map(KeyDifference::key)
                        .collect(Collectors.joining(", "));
                if (!keys.isEmpty()) {
                    items.add(kind.label() + ": " + keys);
                }
            }
            parts.add(t.table() + " (" + String.join("; ", items) + ")");
        }
        return "verify: " + diff.size() + " of " + tables.size() + " tables differ between " + source + " and "
                + target + ": " + String.join(", ", parts);
    }
}
