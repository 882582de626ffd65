package io.rethinkmigrate.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (the directory holding pom.xml and scripts/js-reader.js). */
public final class RepoPaths {
    private RepoPaths() {}

    /** Walks up from the working directory (Maven runs tests in the project base directory). */
    public static Path root() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("scripts/js-reader.js"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the rethink-migrate repository root (pom.xml and "
                + "scripts/js-reader.js) from the working directory " + start);
    }

    public static Path scripts() {
        return root().resolve("scripts");
    }
}
