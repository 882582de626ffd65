/**
 * Index functions from their readable query text: a parser of the JavaScript-style ReQL that
 * {@code index_status()} shows, into the terms that recreate the index where the function blob cannot.
 */
package io.rethinkmigrate.engine.reql;
