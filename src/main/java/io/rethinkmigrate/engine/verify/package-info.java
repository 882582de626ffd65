/**
 * {@code verify}: an archive or a cluster against a cluster, table by table: canonical JSON, bucket digests,
 * the two sides (archive, server) and the comparison of their data and metadata (docs/verify.md).
 */
package io.rethinkmigrate.engine.verify;
