package io.rethinkmigrate.engine.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.wire.Term;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A slice of a table's primary-key space: from {@code lower} (null: the smallest key there is; excluded
 * when {@code lowerOpen}) up to {@code upper} excluded (null: no upper end). Consecutive ranges built
 * from split keys cover every key of any type exactly once, whatever the split keys are.
 */
public record KeyRange(JsonNode lower, boolean lowerOpen, JsonNode upper) {

    static KeyRange all() {
        return new KeyRange(null, false, null);
    }

    boolean isAll() {
        return lower == null && upper == null;
    }

    /** The rest of this range after {@code key} (the key of the last document already read). */
    KeyRange after(JsonNode key) {
        return new KeyRange(key, true, upper);
    }

    /** {@code table.between(lower, upper, ...)}; the whole table itself for {@link #all()}. */
    Term select(Term table) {
        return isAll() ? table : between(table);
    }

    /** {@code table.between(lower, upper, ...)}, also for {@link #all()} (minval to maxval). */
    Term between(Term table) {
        Map<String, Object> bounds = new LinkedHashMap<>();
        bounds.put("left_bound", lowerOpen ? "open" : "closed");
        bounds.put("right_bound", "open");
        return table.between(lower == null ? Term.minval() : Term.datum(lower),
                upper == null ? Term.maxval() : Term.datum(upper), bounds);
    }

    @Override
    public String toString() {
        return (lowerOpen ? "(" : "[") + (lower == null ? "minval" : lower.toString()) + ", "
                + (upper == null ? "maxval" : upper.toString()) + ")";
    }
}
