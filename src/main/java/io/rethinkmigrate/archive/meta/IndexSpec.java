package io.rethinkmigrate.archive.meta;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One secondary index as `index_status()` describes it.
 *
 * @param name     the index name
 * @param function the raw BINARY blob ({"$reql_type$":"BINARY","data":...}) that recreates it, or null
 *                 when the archive has none (reqlite answers `{}`)
 * @param multi    a multi index
 * @param geo      a geo index
 * @param query    the readable form, e.g. {@code indexCreate('tags', ..., {multi: true})}, or null
 */
public record IndexSpec(String name, JsonNode function, boolean multi, boolean geo, String query) {

    /** True when the blob can be given to index_create. */
    public boolean hasFunctionBlob() {
        return function != null && function.isObject() && "BINARY".equals(function.path("$reql_type$").asText(null));
    }
}
