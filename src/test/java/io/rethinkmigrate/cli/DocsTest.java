package io.rethinkmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rethinkmigrate.testsupport.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The reference pages say what the code does: the exit-code page lists exactly the codes of {@link ExitCode},
 * every option of every command is documented under docs/, the README stays short, and every relative
 * link of the README and docs/ (file and heading) resolves.
 */
class DocsTest {
    private static final Path ROOT = RepoPaths.root();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#+\\s+(.*)$");
    private static final Pattern EXIT_ROW = Pattern.compile("(?m)^\\| (\\d+) \\|");

    @Test
    void exitCodesPageListsExactlyTheCodesOfTheTool() throws IOException {
        Set<Integer> documented = EXIT_ROW.matcher(Files.readString(ROOT.resolve("docs/exit-codes.md"))).results()
                .map(row -> Integer.parseInt(row.group(1))).collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> codes = Stream.of(ExitCode.values()).map(ExitCode::code).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(codes, documented);
    }

    @Test
    void everyOptionOfEveryCommandIsDocumented() throws IOException {
        List<String> docs = codeSpans(allDocs());
        List<String> missing = new ArrayList<>();
        CommandLine main = new CommandLine(new Main());
        main.getSubcommands().forEach((name, sub) -> {
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (!option.usageHelp() && !option.versionHelp() && !option.hidden()
                        && !inCode(docs, option.longestName())) {
                    missing.add(name + " " + option.longestName());
                }
            }
        });
        assertEquals(List.of(), missing, "options with no line in docs/ (as `--name ...`)");
    }

    /** Whether {@code name} stands as a whole word inside a `code span` (`-q, --quiet` counts for --quiet). */
    private static boolean inCode(List<String> codeSpans, String name) {
        Pattern word = Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])");
        return codeSpans.stream().anyMatch(span -> word.matcher(span).find());
    }

    /** The text between each pair of backticks, line by line. */
    private static List<String> codeSpans(String markdown) {
        List<String> spans = new ArrayList<>();
        for (String line : markdown.split("\n")) {
            String[] pieces = line.split("`", -1);
            for (int i = 1; i < pieces.length - 1; i += 2) {
                spans.add(pieces[i]);
            }
        }
        return spans;
    }

    @Test
    void readmeStaysAFrontDoor() throws IOException {
        long lines = Files.readAllLines(ROOT.resolve("README.md")).size();
        assertTrue(lines <= 250, "README.md has " + lines + " lines; reference text belongs in docs/");
    }

    @Test
    void everyRelativeLinkResolvesToAFileAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher links = LINK.matcher(Files.readString(page));
            while (links.find()) {
                String problem = problemWith(page, links.group(1));
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": " + links.group(1) + " (" + problem + ")");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    private static String problemWith(Path page, String link) throws IOException {
        if (link.matches("^[a-z]+:.*")) {
            return null; // http(s), mailto: outside this repository
        }
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        Path target = file.isEmpty() ? page : page.resolveSibling(file).normalize();
        if (!Files.exists(target)) {
            return "no such file";
        }
        if (hash < 0 || !target.toString().endsWith(".md")) {
            return null;
        }
        return headingSlugs(target).contains(link.substring(hash + 1)) ? null : "no such heading";
    }

    /** The anchors GitHub makes of a page's headings: lower case, punctuation dropped, spaces as dashes. */
    private static Set<String> headingSlugs(Path page) throws IOException {
        return HEADING.matcher(Files.readString(page)).results()
                .map(heading -> heading.group(1).strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static String allDocs() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path page : pages()) {
            text.append(Files.readString(page)).append('\n');
        }
        return text.toString();
    }
}
