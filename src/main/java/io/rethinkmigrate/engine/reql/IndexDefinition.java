package io.rethinkmigrate.engine.reql;

import io.rethinkmigrate.wire.Term;

/**
 * An index as its query text defines it: what to give {@code index_create}.
 *
 * @param function the index function as a term (a FUNC, or an expression the server wraps itself)
 * @param multi    {@code {multi: true}} was given
 * @param geo      {@code {geo: true}} was given
 */
public record IndexDefinition(Term function, boolean multi, boolean geo) {
}
