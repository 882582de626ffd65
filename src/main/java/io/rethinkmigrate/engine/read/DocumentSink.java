package io.rethinkmigrate.engine.read;

import io.rethinkmigrate.json.RawJson;
import java.io.IOException;

/** Where a table scan delivers documents. */
@FunctionalInterface
public interface DocumentSink {
    void accept(RawJson document) throws IOException;
}
