package io.usersync.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's files keep to what the Content-Security-Policy allows and to the rules for the token: no inline
 * script or style, no markup built from strings, no localStorage, nothing fetched from another origin.
 */
class ConsoleStaticFilesTest {
    static final Path ROOT = Path.of("src/main/resources/META-INF/resources/console");

    @Test
    void noInlineScriptStyleOrHandlers() throws IOException {
        String html = Files.readString(ROOT.resolve("index.html"));
        assertTrue(
                Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>")
                        .matcher(html)
                        .results()
                        .findAny()
                        .isEmpty(),
                "an inline <script>");
        assertTrue(
                !html.contains("<style")
                        && !Pattern.compile("\\sstyle=").matcher(html).find(),
                "inline style");
        assertTrue(!Pattern.compile("\\son[a-z]+=").matcher(html).find(), "an inline event handler");
    }

    @Test
    void scriptsBuildNoMarkupFromStringsAndKeepTheTokenOutOfLocalStorage() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                // comments may talk about what the code must not do
                String js = Files.readString(f).replaceAll("(?m)^\\s*(//|/\\*|\\*).*$", "");
                for (String banned : List.of(
                        "innerHTML",
                        "outerHTML",
                        "insertAdjacentHTML",
                        "document.write",
                        "localStorage",
                        "eval(",
                        "new Function",
                        "setAttribute('style'",
                        ".style.",
                        "EventSource",
                        "http://",
                        "https://")) {
                    if (js.contains(banned)) {
                        problems.add(ROOT.relativize(f) + " uses " + banned);
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
