/**
 * Our RethinkDB client, with no other project dependency: the connection and its handshakes (V1_0
 * SCRAM-SHA-256, V0_4 auth key), TLS, query terms, pipelined queries routed by token, cursors, the typed
 * errors the server and the socket produce, and the one watchdog thread behind the connect and idle timeouts.
 */
package io.rethinkmigrate.wire;
