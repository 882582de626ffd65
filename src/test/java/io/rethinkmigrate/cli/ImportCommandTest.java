package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `import` usage errors, found before any connection. */
class ImportCommandTest {
    @TempDir
    Path temp;

    private static int run(String... args) {
        return Main.run(k -> null, args);
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Path csv = Files.writeString(temp.resolve("x.csv"), "id\n1\n");
        Path txt = Files.writeString(temp.resolve("x.txt"), "{}");
        assertEquals(2, run("import"), "neither -d nor -f");
        assertEquals(2, run("import", "-d", temp.toString(), "-f", csv.toString()), "both");
        assertEquals(2, run("import", "-f", csv.toString()), "no --table");
        assertEquals(2, run("import", "-f", csv.toString(), "--table", "nodot"), "bad --table");
        assertEquals(2, run("import", "-f", "-", "--table", "a.b"), "stdin without --format");
        assertEquals(2, run("import", "-f", txt.toString(), "--table", "a.b", "-c", "127.0.0.1:1"), "unknown extension");
        assertEquals(2, run("import", "-f", csv.toString(), "--table", "a.b", "--format", "xml"), "bad --format");
        assertEquals(2, run("import", "-f", csv.toString(), "--table", "a.b", "--delimiter", "ab"), "bad --delimiter");
        assertEquals(2, run("import", "-f", csv.toString(), "--table", "a.b", "--no-header"), "--no-header alone");
        assertEquals(2, run("import", "-f", csv.toString(), "--table", "a.b", "--types", "id:integer"), "bad --types");
        assertEquals(2, run("import", "-d", temp.toString(), "--table", "a.b"), "--table with -d");
        assertEquals(2, run("import", "-f", csv.toString(), "--table", "a.b", "-i", "a"), "-i with -f");
        assertEquals(2, run("import", "-d", temp.resolve("nope").toString()), "no such directory");
    }
}
