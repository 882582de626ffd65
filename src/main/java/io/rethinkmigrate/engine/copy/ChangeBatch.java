package io.rethinkmigrate.engine.copy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.engine.PseudoTypes;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.wire.Term;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consecutive changes of one table's feed, reduced to what the target needs: for each primary key only
 * its last change counts (a document's state after it), so a run of changes becomes at most one insert
 * (with `conflict: replace`) of the documents that exist and one delete of the keys that do not. Keys
 * are distinct after the reduction, so the insert and the delete can run in either order.
 */
public final class ChangeBatch {
    /** GET_ALL of ql2.proto (not in TermType, which holds what the rest of the tool sends). */
    static final int GET_ALL = 78;

    /** One change of a feed: the document's key and its state after the change (null: deleted). */
    public record Change(JsonNode key, JsonNode newValue) {
    }

    /** A feed element that says the feed lost changes (e.g. the server's queue overflowed). */
    public static final class FeedGap extends RuntimeException {
        FeedGap(String message) {
            super(message);
        }
    }

    private final Map<String, Change> last = new LinkedHashMap<>();
    private int changes;

    /**
     * One element of a feed as a change, or null for an element that changes nothing: `{"state": ...}`
     * (with `include_states`) and `{"new_val": null}` without `old_val`. An `{"error": ...}` element
     * (the server dropped changes) is a {@link FeedGap}.
     */
    public static Change parse(JsonNode element, String primaryKey) {
        if (element.has("error")) {
            throw new FeedGap(element.get("error").asText());
        }
        if (element.has("state")) {
            return null;
        }
        JsonNode newValue = element.get("new_val");
        JsonNode oldValue = element.get("old_val");
        JsonNode present = newValue != null && !newValue.isNull() ? newValue
                : oldValue != null && !oldValue.isNull() ? oldValue : null;
        if (present == null) {
            return null;
        }
        JsonNode key = present.get(primaryKey);
        if (key == null) {
            throw new FeedGap("a change without the primary key `" + primaryKey + "`: " + Json.write(element));
        }
        return new Change(PseudoTypes.joinBase64Lines(key),
                newValue == null || newValue.isNull() ? null : newValue);
    }

    public void add(Change change) {
        String key = Json.write(change.key());
        last.remove(key); // keeps the map in the order of each key's last change
        last.put(key, change);
        changes++;
    }

    /** Changes added, before the reduction. */
    public int changes() {
        return changes;
    }

    public boolean isEmpty() {
        return last.isEmpty();
    }

    /** Documents to insert with conflict replace (their state after the last change), in change order. */
    List<JsonNode> upserts() {
        return last.values().stream().filter(c -> c.newValue() != null).map(Change::newValue).toList();
    }

    /** Keys whose last change deleted the document. */
    List<JsonNode> deletes() {
        return last.values().stream().filter(c -> c.newValue() == null).map(Change::key).toList();
    }

    /** `table.insert(r.json([...]), {conflict: replace, ...})`, or null when nothing is upserted. */
    Term upsertTerm(Term table, Map<String, Term> insertOptions) {
        List<JsonNode> docs = upserts();
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder array = new StringBuilder("[");
        for (JsonNode doc : docs) {
            if (array.length() > 1) {
                array.append(',');
            }
            array.append(Json.write(doc));
        }
        return table.insert(Term.json(RawJson.of(array.append(']').toString())), insertOptions);
    }

    /** `table.getAll(keys...).delete()`, or null when nothing is deleted. */
    Term deleteTerm(Term table, Map<String, Term> deleteOptions) {
        List<JsonNode> keys = deletes();
        return keys.isEmpty() ? null : getAll(table, keys).delete(deleteOptions);
    }

    /** `table.getAll(keys...)` on the primary key. */
    static Term getAll(Term table, Collection<JsonNode> keys) {
        List<Term> args = new ArrayList<>();
        args.add(table);
        keys.forEach(k -> args.add(Term.datum(k)));
        return Term.of(GET_ALL, args, Map.of());
    }
}
