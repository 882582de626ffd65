/**
 * Secondary indexes: creating one from its {@code index_status()} entry (function blob, else its query text
 * through {@link io.rethinkmigrate.engine.reql}), for restore and for {@code index-rebuild}, which rebuilds
 * indexes in place.
 */
package io.rethinkmigrate.engine.index;
