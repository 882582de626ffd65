/**
 * JSON shared by every layer: the one Jackson configuration (deep nesting, huge strings, numbers kept byte
 * for byte) and {@code RawJson}, a value kept as the UTF-8 bytes it arrived in.
 */
package io.rethinkmigrate.json;
