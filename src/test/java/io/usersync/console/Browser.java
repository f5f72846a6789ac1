package io.usersync.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its chromedriver (no browser or driver download), a fresh profile each time,
 * with the browser's console and network logs kept so tests can check for CSP violations and for what URLs it asked.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    final ChromeDriver driver;
    private final Path profile;
    private final List<LogEntry> consoleLog = new ArrayList<>();
    private final List<LogEntry> networkLog = new ArrayList<>();
    private int shots;

    Browser() throws IOException {
        profile = Files.createTempDirectory("usersync-console-chromium");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(System.getProperty("usersync.chromium", "/usr/bin/chromium"));
        o.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--window-size=1280,800",
                "--lang=en-GB",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        String chromedriver = System.getProperty("usersync.chromedriver", "/usr/bin/chromedriver");
        System.setProperty("webdriver.chrome.driver", chromedriver);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        size(1280, 800);
        Files.createDirectories(SCREENSHOTS);
    }

    /** Opens a console route; the same route again is rendered anew, as a click on its link would. */
    void open(String base, String route) {
        String target = base + "/console/" + route;
        js("document.getElementById('main-content').dataset.route = ''");
        if (driver.getCurrentUrl().equals(target)) {
            js("window.dispatchEvent(new HashChangeEvent('hashchange'))");
        } else {
            driver.get(target);
        }
        awaitRoute(route);
    }

    /** Waits until the console shows the view of a route that starts with this (the old view stays up while a new one loads). */
    void awaitRoute(String prefix) {
        until(
                d -> {
                    Object r = js(
                            "const m = document.getElementById('main-content'); return m.getAttribute('aria-busy') === 'true' ? null : m.dataset.route;");
                    return r != null && r.toString().startsWith(prefix) ? true : null;
                },
                20);
    }

    WebElement find(String css) {
        return until(
                d -> {
                    List<WebElement> found = d.findElements(By.cssSelector(css));
                    return found.stream()
                            .filter(WebElement::isDisplayed)
                            .findFirst()
                            .orElse(null);
                },
                15);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    <T> T until(Function<WebDriver, T> condition, int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    void click(String css) {
        WebElement e = find(css);
        until(d -> e.isEnabled() ? e : null, 10).click();
    }

    /** Replaces a field's text as typing would (WebElement.clear fires no input event). */
    void type(String css, String text) {
        WebElement e = find(css);
        e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        if (!text.isEmpty()) {
            e.sendKeys(text);
        }
    }

    void waitText(String css, String text, int seconds) {
        until(
                d -> {
                    for (WebElement e : d.findElements(By.cssSelector(css))) {
                        if (e.isDisplayed() && e.getText().contains(text)) {
                            return true;
                        }
                    }
                    return null;
                },
                seconds);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The page's viewport, exactly (a window size would include the browser's own frame). */
    void size(int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** Saves a numbered PNG under target/console-screenshots; answers its path. */
    Path screenshot(String name) throws IOException {
        shots++;
        Path to = SCREENSHOTS.resolve(String.format("%02d-%s.png", shots, name));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    /** A screenshot and the DOM as it is, for a test that failed. */
    void dumpFailure(String name) {
        try {
            screenshot("FAILED-" + name);
            Files.writeString(SCREENSHOTS.resolve("FAILED-" + name + ".html"), driver.getPageSource());
            Files.writeString(
                    SCREENSHOTS.resolve("FAILED-" + name + ".console.txt"),
                    String.join("\n", console().stream().map(LogEntry::toString).toList()));
        } catch (Exception e) {
            // the failure itself is what matters
        }
    }

    /** The browser console's entries so far (CSP violations and uncaught errors show here). */
    List<LogEntry> console() {
        driver.manage().logs().get(LogType.BROWSER).forEach(consoleLog::add);
        return consoleLog;
    }

    /** Every URL the browser requested so far, from the DevTools network events. */
    List<String> requestedUrls() {
        driver.manage().logs().get(LogType.PERFORMANCE).forEach(networkLog::add);
        List<String> urls = new ArrayList<>();
        var json = new ObjectMapper();
        for (LogEntry e : networkLog) {
            if (e.getMessage().contains("\"Network.requestWillBeSent\"")) {
                try {
                    urls.add(json.readTree(e.getMessage())
                            .path("message")
                            .path("params")
                            .path("request")
                            .path("url")
                            .asText());
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        return urls;
    }

    /** The raw DevTools network messages so far, to search for a secret in any request part but the headers we set. */
    List<String> networkMessages() {
        requestedUrls();
        return networkLog.stream().map(LogEntry::getMessage).toList();
    }

    Map<String, Object> storage() {
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>)
                js("return {local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage), "
                        + "cookies: document.cookie, url: location.href, history: history.length};");
        return s;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
