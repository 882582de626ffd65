/**
 * JSON documents in and out of archives, byte by byte: reading a member or import file of JSON objects as
 * compact documents ({@link io.rethinkmigrate.archive.json.MemberDocuments}), and writing them in the official
 * archive's Python {@code json.dumps} style ({@link io.rethinkmigrate.archive.json.PythonJsonEncoder}).
 */
package io.rethinkmigrate.archive.json;
