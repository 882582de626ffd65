package io.rethinkmigrate.wire;

/** Numbers of the wire protocol (ql2.proto): handshake magics, query and response types. */
final class Protocol {
    static final int V0_4 = 0x400c2d20;
    static final int V1_0 = 0x34c2bdc3;
    static final int PROTOCOL_JSON = 0x7e6970c7;

    static final int START = 1;
    static final int CONTINUE = 2;
    static final int STOP = 3;
    static final int NOREPLY_WAIT = 4;
    static final int SERVER_INFO = 5;

    static final int SUCCESS_ATOM = 1;
    static final int SUCCESS_SEQUENCE = 2;
    static final int SUCCESS_PARTIAL = 3;
    static final int WAIT_COMPLETE = 4;
    static final int SERVER_INFO_RESPONSE = 5;
    static final int CLIENT_ERROR = 16;
    static final int COMPILE_ERROR = 17;
    static final int RUNTIME_ERROR = 18;

    /** The server rejects a query of this size or more and closes the connection. */
    static final int MAX_QUERY_BYTES = 128 * 1024 * 1024;

    /** Frame header: 8-byte token and 4-byte length, little-endian. */
    static final int HEADER_BYTES = 12;

    private Protocol() {
    }
}
