package io.rethinkmigrate.cli;

import java.io.Closeable;

/**
 * On Ctrl-C (or any JVM shutdown) before the work is committed, closes the resource so that it removes
 * what it wrote: an interrupted dump must not leave an archive that looks complete.
 */
final class AbortOnInterrupt implements AutoCloseable {
    private final Thread hook;
    private volatile boolean committed;

    AbortOnInterrupt(Closeable resource) {
        this.hook = new Thread(() -> {
            if (!committed) {
                try {
                    resource.close();
                } catch (Exception ignored) {
                    // shutting down: nothing more can be reported
                }
            }
        }, "abort-on-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void committed() {
        committed = true;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs or has run
        }
    }
}
