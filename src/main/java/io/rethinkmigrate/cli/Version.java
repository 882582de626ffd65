package io.rethinkmigrate.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (set by the build), or "development" when run from classes. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {text()};
    }

    /** "rethink-migrate VERSION": what --version and the `version` command print first. */
    static String text() {
        String v = Main.class.getPackage().getImplementationVersion();
        return "rethink-migrate " + (v == null ? "development" : v);
    }
}
