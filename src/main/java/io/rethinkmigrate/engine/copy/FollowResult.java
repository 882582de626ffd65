package io.rethinkmigrate.engine.copy;

import io.rethinkmigrate.model.TableId;

/**
 * A followed table when following stopped.
 *
 * @param source          the source table
 * @param target          where it was copied (`--rename`)
 * @param applied         changes written to the target after the initial copy
 * @param resyncs         times the table was copied again after its feed was lost
 * @param sourceDocuments documents in the source at the end, -1 when it could not be counted
 * @param targetDocuments documents in the target at the end, -1 when it could not be counted
 * @param writeHook       the source's write hook was set on the target at the end
 * @param error           why following this table stopped early, or null
 */
public record FollowResult(TableId source, TableId target, long applied, int resyncs, long sourceDocuments,
                           long targetDocuments, boolean writeHook, String error) {
    public boolean ok() {
        return error == null;
    }
}
