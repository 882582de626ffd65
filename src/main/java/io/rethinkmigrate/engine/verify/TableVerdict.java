package io.rethinkmigrate.engine.verify;

import io.rethinkmigrate.model.TableId;
import java.util.List;

/**
 * What verify found for one table.
 *
 * @param sourceDocuments documents on the source, -1 when the table is not there
 * @param targetDocuments documents on the target, -1 when the table is not there
 * @param sourceHash      the source's table hash (docs/verify.md), null when absent
 * @param targetHash      the target's, null when absent
 * @param problems        every difference other than single documents, one line each (empty: none)
 * @param keys            documents that differ, at most the number asked for
 * @param keysNote        why keys are not (all) listed, or null
 */
public record TableVerdict(TableId table, long sourceDocuments, long targetDocuments, String sourceHash,
                           String targetHash, List<String> problems, List<KeyDifference> keys, String keysNote) {

    public boolean matches() {
        return problems.isEmpty() && keys.isEmpty();
    }

    public long count(KeyDifference.Kind kind) {
        return keys.stream().filter(k -> k.kind() == kind).count();
    }
}
