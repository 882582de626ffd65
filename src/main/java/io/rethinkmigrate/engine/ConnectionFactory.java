package io.rethinkmigrate.engine;

import io.rethinkmigrate.wire.Connection;

/** Opens connections to one server, so that each worker of a run can have its own. */
@FunctionalInterface
public interface ConnectionFactory {
    Connection open();
}
