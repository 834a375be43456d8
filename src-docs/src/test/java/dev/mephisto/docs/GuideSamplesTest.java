package dev.mephisto.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample in the guide is a tagged region of compiled source. A Markdown line
 * {@code <!-- include: guide/FILE.java#NAME -->} must be followed by a {@code ```java} block equal to
 * the region between {@code // tag::NAME[]} and {@code // end::NAME[]} of FILE.java (common
 * indentation removed). The path is resolved under {@code src/main/java/dev/mephisto/docs}, then
 * {@code src/test/java/dev/mephisto/docs} (for samples that are tests themselves), so
 * {@code guide/X.java} is the guide package. A {@code ```java} block without an include is refused.
 * The repository's README is held to the same rules: its code is the quick-start app.
 *
 * <p>Run with {@code -Dguide.update=true} to rewrite the blocks from the sources instead.
 */
class GuideSamplesTest {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final List<Path> ROOTS = List.of(
            MODULE.resolve("src/main/java/dev/mephisto/docs"), MODULE.resolve("src/test/java/dev/mephisto/docs"));
    static final Path README = MODULE.resolveSibling("README.md");
    static final Pattern INCLUDE = Pattern.compile("^<!-- include: (\\S+?)#(\\S+) -->\\s*$");
    static final String OPEN = "```java";
    static final String CLOSE = "```";

    record Include(Path page, int line, String file, String tag) {
        @Override
        public String toString() {
            return MODULE.relativize(page) + ":" + line + " includes " + file + "#" + tag;
        }
    }

    @Test
    void shouldFindTheGuidePagesAndTheirIncludes() {
        List<Path> pages = pages();
        assertTrue(pages.stream().anyMatch(p -> p.getFileName().toString().equals("README.md")), "no README.md");
        assertTrue(pages.contains(README) && Files.isRegularFile(README), "the repository's README is not checked");
        long includes = pages.stream().mapToLong(p -> read(p).stream().filter(l -> INCLUDE.matcher(l).matches()).count())
                .sum();
        assertTrue(includes >= 10, "expected the guide to include its samples, found " + includes + " includes");
    }

    @Test
    void shouldShowEverySampleExactlyAsItIsCompiled() {
        boolean update = Boolean.getBoolean("guide.update");
        List<String> problems = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = new ArrayList<>(read(page));
            boolean changed = false;
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = INCLUDE.matcher(lines.get(i));
                if (!m.matches()) {
                    continue;
                }
                Include include = new Include(page, i + 1, m.group(1), m.group(2));
                List<String> expected;
                try {
                    expected = region(include.file(), include.tag());
                } catch (IllegalArgumentException e) {
                    problems.add(include + ": " + e.getMessage());
                    continue;
                }
                int[] block = block(lines, i + 1);
                List<String> actual = block == null ? null : lines.subList(block[0] + 1, block[1]);
                if (expected.equals(actual)) {
                    continue;
                }
                if (update) {
                    List<String> fenced = new ArrayList<>();
                    fenced.add(OPEN);
                    fenced.addAll(expected);
                    fenced.add(CLOSE);
                    if (block == null) {
                        lines.addAll(i + 1, fenced);
                    } else {
                        lines.subList(i + 1, block[1] + 1).clear();
                        lines.addAll(i + 1, fenced);
                    }
                    changed = true;
                } else {
                    problems.add(include + ": " + (block == null
                            ? "no ```java block follows the include line"
                            : "the ```java block differs from the source") + "; expected:\n" + OPEN + "\n"
                            + String.join("\n", expected) + "\n" + CLOSE
                            + "\n(run with -Dguide.update=true to rewrite the blocks from the sources)");
                }
            }
            if (changed) {
                write(page, lines);
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " guide sample(s) out of date:\n\n" + String.join("\n\n", problems));
        }
    }

    @Test
    void shouldIncludeEveryJavaBlockFromCompiledSource() {
        List<String> loose = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = read(page);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().equals(OPEN) && (i == 0 || !INCLUDE.matcher(lines.get(i - 1)).matches())) {
                    loose.add(MODULE.relativize(page) + ":" + (i + 1));
                }
            }
        }
        assertEquals(List.of(), loose, "```java blocks without an include line right above them");
    }

    @Test
    void shouldLinkOnlyToFilesThatExist() {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = link.matcher(String.join("\n", read(page)));
            while (m.find()) {
                String target = m.group(1);
                if (!target.contains("://") && !Files.exists(page.getParent().resolve(target))) {
                    broken.add(MODULE.relativize(page) + " -> " + target);
                }
            }
        }
        assertEquals(List.of(), broken, "links to missing files");
    }

    @Test
    void shouldReportAMissingFileOrTag() {
        IllegalArgumentException noFile = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> region("guide/NoSuchFile.java", "x"));
        assertTrue(noFile.getMessage().contains("no file guide/NoSuchFile.java"), noFile.getMessage());
        IllegalArgumentException noTag = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> region("guide/OrdersApp.java", "no-such-tag"));
        assertTrue(noTag.getMessage().contains("no tag 'no-such-tag'"), noTag.getMessage());
    }

    @Test
    void shouldRemoveCommonIndentation() {
        assertEquals(List.of("a(", "    b);", "", "c"), dedent(List.of("        a(", "            b);", "", "        c")));
    }

    @Test
    void shouldFindTheBlockRightAfterTheIncludeOnly() {
        assertEquals(List.of(1, 3), List.of(block(List.of("<!-- include -->", "```java", "x", "```"), 1)[0],
                block(List.of("<!-- include -->", "```java", "x", "```"), 1)[1]));
        assertFalse(block(List.of("<!-- include -->", "text", "```java", "x", "```"), 1) != null);
    }

    /** The tagged region of a sample file, common indentation removed. */
    static List<String> region(String file, String tag) {
        Path source = ROOTS.stream().map(root -> root.resolve(file)).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no file " + file + " under "
                        + ROOTS.stream().map(MODULE::relativize).toList()));
        List<String> lines = read(source);
        String start = "// tag::" + tag + "[]";
        String end = "// end::" + tag + "[]";
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).strip();
            if (from < 0 && trimmed.equals(start)) {
                from = i;
            } else if (from >= 0 && trimmed.equals(end)) {
                return dedent(lines.subList(from + 1, i).stream()
                        .filter(l -> !l.strip().matches("// (tag|end)::\\S+\\[\\]")).toList());
            }
        }
        throw new IllegalArgumentException(from < 0 ? "no tag '" + tag + "' in " + file
                : "tag '" + tag + "' in " + file + " has no '" + end + "'");
    }

    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
    }

    /** {open, close} line indexes of the ```java block starting at {@code at}, or null. */
    static int[] block(List<String> lines, int at) {
        if (at >= lines.size() || !lines.get(at).strip().equals(OPEN)) {
            return null;
        }
        for (int i = at + 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(CLOSE)) {
                return new int[] {at, i};
            }
        }
        return null;
    }

    /** The guide's pages, and the repository's README, whose word count is the quick-start app. */
    static List<Path> pages() {
        try (Stream<Path> files = Files.walk(MODULE)) {
            return Stream.concat(files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !MODULE.relativize(p).startsWith("target")).sorted(), Stream.of(README)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, List<String> lines) {
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
