/**
 * How an archive's tar is compressed ({@code --compress}): gzip on every core as pigz does, zstd, or none;
 * pieces compressed apart and joined into one readable stream (one gzip member, CRC-32 combined).
 */
package io.rethinkmigrate.archive.compress;
