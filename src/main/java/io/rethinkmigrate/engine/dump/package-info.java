/**
 * {@code dump} and {@code export}: the selected tables of one server, read by key range
 * ({@link io.rethinkmigrate.engine.read}), written into an archive, all or nothing.
 */
package io.rethinkmigrate.engine.dump;
