package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `restore --user-passwords FILE`: one `user:password` per line (UTF-8), split at the first colon, so a
 * password may hold colons; empty lines and lines starting with `#` are skipped. A dump cannot read
 * password hashes, so this is how restored users get theirs back.
 */
public final class UserPasswordsFile {
    private UserPasswordsFile() {
    }

    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrateException(ErrorKind.IO, "--user-passwords " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                // the line is not echoed: it may be a password
                throw new MigrateException(ErrorKind.USAGE, "--user-passwords " + file + " line " + (i + 1)
                        + ": expected user:password");
            }
            String user = line.substring(0, colon);
            if (out.put(user, line.substring(colon + 1)) != null) {
                throw new MigrateException(ErrorKind.USAGE, "--user-passwords " + file + " line " + (i + 1)
                        + ": user `" + user + "` is given twice");
            }
        }
        return out;
    }
}
