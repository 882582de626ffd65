package io.rethinkmigrate.engine;

import io.rethinkmigrate.wire.Connection;

/** Opens connections to one server, so that each worker of a run can have its own. */
@FunctionalInterface
public interface ConnectionFactory {
    Connection open();

    /** Gives back a connection from {@link #open} that its user is done with; by default closes it. */
    default void release(Connection connection) {
        connection.close();
    }
}
