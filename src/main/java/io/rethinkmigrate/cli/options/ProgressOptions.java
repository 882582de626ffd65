package io.rethinkmigrate.cli.options;

import io.rethinkmigrate.cli.progress.StderrProgress;
import io.rethinkmigrate.cli.progress.TerminalProgress;

import io.rethinkmigrate.progress.ProgressListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How progress is shown on stderr: `--progress=auto|tty|plain|none` (`-q` means none). */
public final class ProgressOptions {
    /** Lower case so that picocli takes the values as typed. */
    public enum Mode { auto, tty, plain, none }

    @Option(names = "--progress", paramLabel = "MODE",
            description = "progress on stderr: auto (default: redrawn in place when stderr is a terminal, "
                    + "plain lines otherwise), tty, plain or none; -q means none")
    public Mode mode = Mode.auto;

    /** The listener for this run; NONE when quiet. */
    public ProgressListener listener(PrintStream err, String verb, boolean quiet) {
        Mode chosen = quiet ? Mode.none : mode == Mode.auto ? (stderrIsTerminal() ? Mode.tty : Mode.plain) : mode;
        return switch (chosen) {
            case tty -> new TerminalProgress(err);
            case plain -> new StderrProgress(err, verb);
            default -> ProgressListener.NONE;
        };
    }

    /**
     * Whether file descriptor 2 is a terminal. {@code System.console()} only looks at stdin and stdout
     * (and stdout is the archive with `-f -`), so on Linux this reads the {@code /proc/self/fd/2} link: a
     * terminal is {@code /dev/pts/N} or {@code /dev/ttyN}. Elsewhere, and with TERM=dumb, it says no.
     */
    public static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return isTerminalDevice(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    public static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.startsWith("/dev/console");
    }
}
