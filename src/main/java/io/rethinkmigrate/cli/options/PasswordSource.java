package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a login password comes from, for `-c` ({@link ConnectionOptions}) and for each side of
 * `--from`/`--to` ({@link SideConnectionOptions}): a password file, a prompt, else the fallback
 * (RETHINKDB_PASSWORD, or null for none). Errors name the options as the command line spells them.
 */
public final class PasswordSource {
    private PasswordSource() {
    }

    /**
     * @param promptOption the prompt flag's name in messages, e.g. "-p/--password"
     * @param fileOption   the password file option's name in messages, e.g. "--password-file"
     * @param promptText   what the prompt says
     */
    public static String resolve(String promptOption, boolean prompt, String fileOption, Path file, String promptText,
                          String fallback) {
        if (prompt && file != null) {
            throw new MigrateException(ErrorKind.USAGE, promptOption + " and " + fileOption + " cannot be used together");
        }
        if (file != null) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\n+$", "");
            } catch (IOException e) {
                throw new MigrateException(ErrorKind.USAGE, fileOption + " " + file + ": cannot read it ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        if (prompt) {
            Console console = System.console();
            if (console == null) {
                throw new MigrateException(ErrorKind.USAGE,
                        promptOption + " needs a terminal to prompt on; use " + fileOption + " instead");
            }
            char[] typed = console.readPassword("%s", promptText);
            return typed == null ? "" : new String(typed);
        }
        // Never printed or logged: ConnectOptions.toString() leaves it out, and errors do not quote it.
        return fallback;
    }
}
