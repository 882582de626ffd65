package io.rethinkmigrate.engine.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.model.TableId;

/**
 * What a time means for one table: restore {@code base}, then replay its change records received from
 * the base's start up to {@code until}, then set {@code meta} (indexes, write hook); or the table did not
 * exist then ({@code ABSENT}); or that time cannot be restored ({@code REFUSED}, {@code reason} says why).
 */
public record PointInTime(TableId table, Status status, TableHistory.Base base, long until, JsonNode meta, String reason) {
    public enum Status { RESTORE, ABSENT, REFUSED }

    static PointInTime restore(TableId table, TableHistory.Base base, long until, JsonNode meta) {
        return new PointInTime(table, Status.RESTORE, base, until, meta, null);
    }

    static PointInTime absent(TableId table, String reason) {
        return new PointInTime(table, Status.ABSENT, null, -1, null, reason);
    }

    static PointInTime refused(TableId table, String reason) {
        return new PointInTime(table, Status.REFUSED, null, -1, null, reason);
    }
}
