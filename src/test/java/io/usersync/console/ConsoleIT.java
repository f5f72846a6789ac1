package io.usersync.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import io.restassured.http.ContentType;
import io.usersync.demo.AdLikeTree;
import io.usersync.directory.ObjectIds;
import io.usersync.support.TestCredentials;
import io.usersync.support.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser: Debian's headless Chromium, driven by Selenium, against the packaged service and
 * its embedded demo directory. The walk is the seeds' wizard; then a wrong password, an edit that meets a 412,
 * the threshold block and its mass-delete confirmation, and where the token may and may not be.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    @RegisterExtension
    static final TestWatcher DUMP = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.dumpFailure(context.getRequiredTestMethod().getName());
            }
        }
    };

    static final String CORP = AdLikeTree.CORP;
    static final String THRESHOLD_OU = "OU=Threshold Lab," + AdLikeTree.BASE;
    static PackagedService service;
    static FakeIdentityProvider idp;
    static Browser browser;
    static String walkTaskId;
    static final Set<String> secretsTyped = new LinkedHashSet<>();
    static final List<String> visitedUrls = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestCredentials.install();
        idp = new FakeIdentityProvider();
        // enough entries, read in small pages, for a run to be watched while it reads; OIDC sign-in against the fake
        // provider
        service = PackagedService.start(
                "console",
                "usersync_console",
                Map.of(
                        "USERSYNC_DEMO_DIRECTORY_USERS",
                        "1500",
                        "USERSYNC_PAGE_SIZE",
                        "25",
                        "USERSYNC_OIDC_ENABLED",
                        "true",
                        "MP_JWT_VERIFY_ISSUER",
                        idp.issuer(),
                        "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                        Path.of("src/test/resources/oidc-test/public-key.pem")
                                .toAbsolutePath()
                                .toUri()
                                .toString(),
                        "USERSYNC_CONSOLE_OIDC_CLIENT_ID",
                        FakeIdentityProvider.CLIENT_ID));
        browser = new Browser();
        secretsTyped.add(TestSecrets.BOOTSTRAP_TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (service != null) {
                service.close();
            }
            if (idp != null) {
                idp.close();
            }
        }
    }

    // ---------------------------------------------------------------- the seeds' walk

    @Test
    @Order(1)
    void theSeedsWalkCreatesATaskWhoseRunSucceedsWithLiveProgress() throws Exception {
        browser.driver.get(service.base() + "/");
        assertEquals(
                service.base() + "/console/",
                browser.driver.getCurrentUrl().replaceAll("#.*", ""),
                "/ redirects to the console");
        signIn(TestSecrets.BOOTSTRAP_TOKEN, "admin");

        browser.click("#new-task");
        browser.find("#task-name");
        browser.screenshot("wizard-basic-empty");
        browser.type("#task-name", "Demo directory");
        browser.type("#task-tags", "demo, console");
        browser.click("label[for=run-immediately]");
        assertTrue(browser.find("#run-immediately").isSelected());
        browser.screenshot("wizard-basic");
        next();

        // Common settings: select the user group, here a new one made in the tree
        browser.click("#select-group");
        browser.waitText("#group-picker li[role=treeitem]", "All", 10);
        browser.type("#new-group-name", "Demo AD");
        browser.click("#create-group");
        browser.until(d -> browser.find("#target-group").getAttribute("value").contains("Demo AD") ? true : null, 10);
        assertEquals("All / Demo AD", browser.find("#target-group").getAttribute("value"));
        browser.screenshot("wizard-user-group");
        next();

        // Server connection: server, login (DOMAIN\USERNAME), password, Test
        fillServer(AdLikeTree.NETBIOS_DOMAIN + "\\svc-sync", AdLikeTree.SERVICE_PASSWORD);
        assertTrue(browser.find("#no-tls-warning").isDisplayed(), "security NONE warns");
        browser.click("#test-connection");
        browser.waitText("#test-ok", "Connected", 15);
        assertTrue(
                browser.find("#test-ok").getText().contains(AdLikeTree.BASE),
                browser.find("#test-ok").getText());
        browser.screenshot("wizard-server-tested");
        next();

        // Synchronization settings: Browse, expand with the keyboard, pick OU=Corp
        browser.click("#browse");
        WebElement root = browser.find("li[role=treeitem][data-key='" + AdLikeTree.BASE + "']");
        assertEquals("0", root.getAttribute("tabindex"), "the tree's one tab stop is its first item");
        root.sendKeys(Keys.ARROW_RIGHT);
        WebElement corp = browser.find("li[role=treeitem][data-key='" + CORP + "']");
        assertEquals("true", root.getAttribute("aria-expanded"));
        root.sendKeys(Keys.ARROW_DOWN);
        browser.until(d -> "0".equals(corp.getAttribute("tabindex")) || isFocusedBelow(root) ? true : null, 5);
        corp.findElement(By.cssSelector(".name")).click();
        browser.until(d -> "true".equals(corp.getAttribute("aria-selected")) ? true : null, 5);
        corp.sendKeys(Keys.ARROW_RIGHT);
        WebElement sales = browser.find("li[role=treeitem][data-key='OU=Sales," + CORP + "']");
        browser.waitText("#base-dns", CORP, 5);
        // X excludes the focused entry and X again takes it back; a large container is listed a page at a time
        sales.sendKeys("x");
        browser.waitText("#excluded-dns", "OU=Sales," + CORP, 5);
        sales.sendKeys("x");
        browser.until(d -> browser.all("#excluded-dns").get(0).getText().isEmpty() ? true : null, 5);
        sales.sendKeys(Keys.ARROW_RIGHT);
        WebElement more = browser.find("li[role=treeitem][data-key='OU=Sales," + CORP + "'] li.more");
        int listed = browser.all("li[role=treeitem][data-key='OU=Sales," + CORP + "'] li[role=treeitem]:not(.more)")
                .size();
        assertEquals(100, listed, "the first page of OU=Sales");
        more.sendKeys(Keys.ENTER);
        browser.until(
                d -> browser.all("li[role=treeitem][data-key='OU=Sales," + CORP + "'] li[role=treeitem]:not(.more)")
                                        .size()
                                > 100
                        ? true
                        : null,
                10);
        sales.sendKeys(Keys.ARROW_LEFT);
        corp.sendKeys(Keys.HOME);
        browser.screenshot("wizard-browse");
        next();

        // Schedule: left on demand
        assertFalse(browser.find("#schedule-on").isSelected());
        next();

        // Summary, then Finish
        browser.waitText("#summary-list", "Demo directory", 5);
        String summary = browser.find("#summary-list").getText();
        assertTrue(
                summary.contains(CORP) && summary.contains("All / Demo AD") && summary.contains("CORP\\svc-sync"),
                summary);
        assertTrue(browser.find("#summary-warnings").getText().contains("No TLS"));
        browser.screenshot("wizard-summary");
        browser.click("#finish");

        // the run appears and is followed live
        browser.until(d -> d.getCurrentUrl().contains("#/runs/") ? true : null, 15);
        String runId = browser.driver.getCurrentUrl().replaceAll(".*#/runs/", "");
        browser.find("#live-status");
        boolean sawRunning = false;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            String st = browser.find("#live-status").getAttribute("data-status");
            if ("RUNNING".equals(st) && !sawRunning) {
                sawRunning = true;
                browser.screenshot("run-live");
            }
            if (!"QUEUED".equals(st) && !"RUNNING".equals(st)) {
                break;
            }
            Thread.sleep(150);
        }
        assertEquals("SUCCEEDED", browser.find("#live-status").getAttribute("data-status"));
        List<String> updates = browser.all("#run-timeline li").stream()
                .map(e -> e.getAttribute("data-status"))
                .toList();
        assertTrue(
                updates.contains("RUNNING") && updates.get(updates.size() - 1).equals("SUCCEEDED"),
                "the event stream showed the run while it ran: " + updates);
        assertTrue(
                browser.all("#run-timeline li[data-status=RUNNING]").stream()
                        .anyMatch(e -> e.getText().matches(".*[1-9][0-9,.\\s]* read")),
                "objects-read counts arrived live");
        browser.waitText("[data-count=usersCreated]", "Users created", 5);
        assertEquals(
                1500,
                Long.parseLong(browser.find("[data-count=usersCreated] strong")
                        .getText()
                        .replaceAll("\\D", "")),
                "every demo user below OU=Corp");
        browser.screenshot("run-succeeded");
        Map<String, Object> run = apiJson("/runs/" + runId);
        assertEquals("SUCCEEDED", run.get("status"));
        walkTaskId = (String) run.get("taskId");

        // the users list shows the demo users
        browser.click("a[data-nav=users]");
        browser.awaitRoute("#/users");
        new Select(browser.find("#users-task")).selectByVisibleText("Demo directory");
        browser.waitText("#users-body .pager", "1500 in all", 10);
        browser.type("#users-q", "Novák");
        browser.waitText("#users-table", "Ján Novák", 10);
        browser.screenshot("users");
        recordUrl();
    }

    // ---------------------------------------------------------------- a wrong password

    @Test
    @Order(2)
    void aWrongPasswordShowsInvalidCredentialsWithAdvice() throws Exception {
        browser.open(service.base(), "#/tasks/new");
        browser.type("#task-name", "Wrong password");
        browser.click("#step-3");
        fillServer(AdLikeTree.NETBIOS_DOMAIN + "\\svc-sync", "not-the-password");
        browser.click("#test-connection");
        browser.waitText("#test-error", "INVALID_CREDENTIALS", 15);
        String advice = browser.find("#test-error .advice").getText();
        assertTrue(advice.contains("The login or the password is wrong"), advice);
        assertTrue(advice.contains("DOMAIN\\USERNAME"), advice);
        browser.screenshot("wizard-invalid-credentials");
        recordUrl();
    }

    @Test
    @Order(2)
    void severalServersAreTriedInOrderAndTheTestShowsEach() throws Exception {
        browser.open(service.base(), "#/tasks/new");
        browser.type("#task-name", "Several servers");
        browser.click("#step-3");
        fillServer(AdLikeTree.NETBIOS_DOMAIN + "\\svc-sync", AdLikeTree.SERVICE_PASSWORD);
        new Select(browser.find("#server-form")).selectByValue("hosts");
        int refused;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            refused = s.getLocalPort();
        }
        browser.type("#server-hosts", "127.0.0.1:" + refused + "\n127.0.0.1:" + service.directoryPort);
        browser.click("#test-connection");
        browser.waitText("#test-server", "127.0.0.1:" + service.directoryPort, 15);
        String tried = browser.find("#test-candidates").getText();
        assertTrue(tried.contains("127.0.0.1:" + refused + ": FAILED CONNECTION_REFUSED"), tried);
        assertTrue(tried.contains("CONNECTED"), tried);
        browser.screenshot("wizard-several-servers");
        recordUrl();
    }

    // ---------------------------------------------------------------- edit: the password stays set, a 412 is shown

    @Test
    @Order(3)
    void editingKeepsThePasswordAndShowsAConflict() throws Exception {
        assertNotNull(walkTaskId, "the walk's task");
        browser.open(service.base(), "#/tasks/" + walkTaskId + "/edit");
        browser.find("#task-name");
        assertEquals("Demo directory", browser.find("#task-name").getAttribute("value"));
        browser.type("#task-description", "changed in the browser");
        browser.click("#step-3");
        assertEquals("set", browser.find("#password-set").getText());
        assertTrue(
                browser.all("#server-password").stream().noneMatch(WebElement::isDisplayed),
                "no password field until Change");
        browser.screenshot("wizard-edit-password-set");

        // meanwhile someone else changes the task
        var current = given().get(service.api() + "/sync-tasks/" + walkTaskId)
                .then()
                .statusCode(200)
                .extract();
        Map<String, Object> body = requestOf(json(current.asString()));
        body.put("description", "changed by a script");
        given().contentType(ContentType.JSON)
                .header("If-Match", current.header("ETag"))
                .body(body)
                .put(service.api() + "/sync-tasks/" + walkTaskId)
                .then()
                .statusCode(200);

        browser.click("#step-6");
        browser.click("#finish");
        browser.waitText("#conflict", "Someone else changed this task", 10);
        browser.screenshot("wizard-edit-conflict");
        assertEquals(
                "changed by a script",
                given().get(service.api() + "/sync-tasks/" + walkTaskId)
                        .then()
                        .extract()
                        .path("description"),
                "the other change is not overwritten");

        browser.click("#reload-task");
        browser.until(
                d -> "changed by a script"
                                .equals(browser.find("#task-description").getAttribute("value"))
                        ? true
                        : null,
                10);
        browser.type("#task-description", "changed in the browser after a reload");
        browser.click("#step-6");
        browser.click("#finish");
        browser.until(d -> d.getCurrentUrl().endsWith("#/tasks/" + walkTaskId) ? true : null, 10);
        browser.find("#task-props");
        Map<String, Object> saved = apiJson("/sync-tasks/" + walkTaskId);
        assertEquals("changed in the browser after a reload", saved.get("description"));
        assertEquals(Boolean.TRUE, ((Map<?, ?>) saved.get("directory")).get("passwordSet"));
        given().post(service.api() + "/sync-tasks/" + walkTaskId + "/test")
                .then()
                .statusCode(200);
        browser.screenshot("task-page");
        recordUrl();
    }

    // ---------------------------------------------------------------- a threshold block and the mass-delete flow

    @Test
    @Order(4)
    void aThresholdBlockIsRunAgainOnlyAfterTypingTheNumber() throws Exception {
        List<String> users = seedThresholdOu(12);
        String group = given().contentType(ContentType.JSON)
                .body(Map.of("name", "Threshold lab"))
                .post(service.api() + "/user-groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("name", "Threshold lab");
        task.put(
                "directory",
                Map.of(
                        "type",
                        "ACTIVE_DIRECTORY",
                        "host",
                        "127.0.0.1",
                        "port",
                        service.directoryPort,
                        "security",
                        "NONE",
                        "login",
                        AdLikeTree.SERVICE_DN,
                        "password",
                        AdLikeTree.SERVICE_PASSWORD));
        task.put("targetGroupId", group);
        task.put("baseDns", List.of(THRESHOLD_OU));
        task.put("deleteThreshold", Map.of("maxCount", 5));
        task.put("runImmediately", true);
        String taskId = given().contentType(ContentType.JSON)
                .body(task)
                .post(service.api() + "/sync-tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        awaitRun(taskId, "SUCCEEDED");

        try (LDAPConnection c = demoDirectoryAdmin()) {
            for (String dn : users.subList(0, 8)) {
                c.delete(dn);
            }
        }

        browser.open(service.base(), "#/tasks/" + taskId);
        browser.click("#run-now");
        browser.until(d -> d.getCurrentUrl().contains("#/runs/") ? true : null, 10);
        awaitLiveStatus("BLOCKED_BY_THRESHOLD");
        assertTrue(
                browser.find("#would-remove").getText().contains("would remove or disable 8 objects"),
                browser.find("#would-remove").getText());
        WebElement go = browser.find("#mass-delete-run");
        assertFalse(go.isEnabled(), "not before the number is typed");
        browser.type("#mass-delete-confirm", "7");
        assertFalse(go.isEnabled(), "not with another number");
        browser.type("#mass-delete-confirm", "8");
        browser.until(d -> go.isEnabled() ? true : null, 5);
        browser.screenshot("run-blocked-by-threshold");
        String blockedUrl = browser.driver.getCurrentUrl();
        go.click();
        browser.until(
                d -> !d.getCurrentUrl().equals(blockedUrl) && d.getCurrentUrl().contains("#/runs/") ? true : null, 10);
        awaitLiveStatus("SUCCEEDED");
        assertEquals("8", browser.find("[data-count=usersDisabled] strong").getText());
        String secondRun = browser.driver.getCurrentUrl().replaceAll(".*#/runs/", "");
        assertEquals(
                Boolean.TRUE,
                given().get(service.api() + "/runs/" + secondRun)
                        .then()
                        .extract()
                        .path("allowMassDelete"));
        browser.screenshot("run-mass-delete-allowed");
        recordUrl();
    }

    // ---------------------------------------------------------------- tokens, roles, responsive layout

    @Test
    @Order(5)
    void theTaskListFiltersAndActsOnTasks() throws Exception {
        browser.open(service.base(), "#/tasks");
        browser.type("#filter-tag", "demo");
        browser.until(d -> browser.all("#task-table tbody tr").size() == 1 ? true : null, 10);
        WebElement row = browser.find("#task-table tr[data-task-name='Demo directory']");
        assertTrue(row.getText().contains("Succeeded") && row.getText().contains("users created"), row.getText());
        browser.screenshot("tasks");
        row.findElement(By.cssSelector("[data-action=toggle]")).click();
        browser.waitText("#task-table tr[data-task-name='Demo directory']", "disabled", 10);
        assertEquals(
                Boolean.FALSE,
                given().get(service.api() + "/sync-tasks/" + walkTaskId)
                        .then()
                        .extract()
                        .path("enabled"));
        browser.find("#task-table tr[data-task-name='Demo directory'] [data-action=toggle]")
                .click();
        browser.waitText("#task-table tr[data-task-name='Demo directory']", "enabled", 10);

        browser.type("#filter-tag", "");
        new Select(browser.find("#filter-status")).selectByValue("SUCCEEDED");
        browser.waitText("#task-table", "Threshold lab", 10);
        browser.find("#task-table tr[data-task-name='Threshold lab'] [data-action=delete]")
                .click();
        browser.find("#confirm-ok").click();
        browser.until(
                d -> browser.all("#task-table tr[data-task-name='Threshold lab']")
                                .isEmpty()
                        ? true
                        : null,
                10);

        browser.find("#task-table tr[data-task-name='Demo directory'] [data-action=duplicate]")
                .click();
        browser.awaitRoute("#/tasks/" + walkTaskId + "/duplicate");
        assertEquals("Copy of Demo directory", browser.find("#task-name").getAttribute("value"));
        browser.click("#step-3");
        browser.type("#server-password", AdLikeTree.SERVICE_PASSWORD);
        browser.click("#step-4");
        browser.waitText("#base-dns", CORP, 5);

        // the schedule builder writes the Quartz cron; the API's nextRunAt is shown once saved
        browser.click("#step-5");
        browser.click("label[for=schedule-on]");
        new Select(browser.find("#schedule-kind")).selectByValue("daily");
        browser.js(
                "const t = document.getElementById('at-time'); t.value = '03:30'; t.dispatchEvent(new Event('input', {bubbles: true}));");
        assertEquals("0 30 3 * * ?", browser.find("#cron").getAttribute("value"));
        browser.type("#timezone", "Europe/Bratislava");
        browser.screenshot("wizard-schedule");
        browser.click("#step-6");
        browser.waitText("#summary-list", "0 30 3 * * ? (Europe/Bratislava)", 5);
        browser.click("#finish");
        browser.until(
                d -> d.getCurrentUrl().matches(".*#/tasks/[0-9a-f-]{36}$")
                                && !d.getCurrentUrl().endsWith(walkTaskId)
                        ? true
                        : null,
                10);
        String copy = browser.driver.getCurrentUrl().replaceAll(".*#/tasks/", "");
        browser.awaitRoute("#/tasks/" + copy);
        Map<String, Object> saved = apiJson("/sync-tasks/" + copy);
        assertEquals(
                Map.of("cron", "0 30 3 * * ?", "timezone", "Europe/Bratislava", "fullSyncIntervalHours", 24),
                saved.get("schedule"));
        assertNotNull(saved.get("nextRunAt"));
        assertEquals(saved.get("nextRunAt"), browser.find("#next-run-at").getAttribute("datetime"));
        recordUrl();
    }

    @Test
    @Order(6)
    void usersAreCreatedByHandAndSyncedOnesGetCustomAttributes() throws Exception {
        browser.open(service.base(), "#/users/new");
        browser.type("#user-username", "console.manual");
        browser.type("#user-displayName", "Made In The Console");
        saveWithCustomAttribute("costCentre", "4711");
        browser.until(d -> d.getCurrentUrl().matches(".*#/users/[0-9a-f-]{36}$") ? true : null, 10);
        String manual = browser.driver.getCurrentUrl().replaceAll(".*#/users/", "");
        Map<String, Object> made = apiJson("/users/" + manual);
        assertEquals("Made In The Console", made.get("displayName"));
        assertEquals(Map.of("costCentre", "4711"), made.get("customAttributes"));
        browser.awaitRoute("#/users/" + manual);
        browser.click("#delete-user");
        browser.find("#confirm-ok").click();
        // the list's route is a prefix of the user's: wait for the list itself, which follows the DELETE
        browser.until(d -> d.getCurrentUrl().endsWith("#/users") ? true : null, 10);
        browser.awaitRoute("#/users");
        given().get(service.api() + "/users/" + manual).then().statusCode(410);

        String synced = given().queryParam("q", "jnovak")
                .queryParam("taskId", walkTaskId)
                .get(service.api() + "/users")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        browser.open(service.base(), "#/users/" + synced);
        assertEquals(
                "true",
                browser.find("#user-displayName").getDomProperty("readOnly"),
                "a synced user's own fields are read-only");
        saveWithCustomAttribute("badge", "B-17");
        browser.find("#user-saved");
        assertEquals(Map.of("badge", "B-17"), apiJson("/users/" + synced).get("customAttributes"));
        browser.click("#sync-user");
        String trace = browser.find("#sync-trace").getText();
        assertTrue(trace.contains("inside the base DN"), trace);
        browser.screenshot("user");
        recordUrl();
    }

    @Test
    @Order(7)
    void anIssuedTokenIsShownOnceAndSignsInWithItsRole() throws Exception {
        browser.open(service.base(), "#/admin/tokens");
        browser.type(
                "#token-name",
                "console-operator-" + UUID.randomUUID().toString().substring(0, 6));
        new Select(browser.find("#token-role")).selectByValue("operator");
        browser.click("#create-token");
        String secret = browser.find("#new-token-secret").getText();
        assertTrue(secret.startsWith("usy_"), secret);
        TestSecrets.remember(secret);
        secretsTyped.add(secret);
        browser.screenshot("token-created");
        browser.click("#close-secret");
        browser.find("#tokens-table");
        assertTrue(
                browser.find("#tokens-table").getText().contains(secret.substring(0, 8))
                        && !browser.find("#tokens-table").getText().contains(secret),
                "the list shows the prefix only");

        browser.click("#sign-out");
        browser.find("#token");
        assertFalse(
                String.valueOf(browser.storage().get("session")).contains(TestSecrets.BOOTSTRAP_TOKEN),
                "signing out forgets the token");
        signIn(secret, "operator");
        browser.find("#task-table");
        assertTrue(browser.all("#new-task").isEmpty(), "an operator creates no task");
        assertTrue(
                browser.all("a[data-nav=tokens]").stream().noneMatch(WebElement::isDisplayed),
                "nor sees the admin pages");
        assertFalse(browser.all("#task-table [data-action=run]").isEmpty(), "but may run tasks");
        recordUrl();
        browser.click("#sign-out");
        signIn(TestSecrets.BOOTSTRAP_TOKEN, "admin");
    }

    @Test
    @Order(8)
    void theLayoutHoldsFrom1280DownTo390PixelsWide() throws Exception {
        for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
            browser.size(size[0], size[1]);
            for (String route : List.of("#/tasks", "#/tasks/" + walkTaskId + "/edit", "#/groups", "#/admin/audit")) {
                browser.open(service.base(), route);
                browser.find("h1");
                Thread.sleep(300);
                Object fits = browser.js("return document.documentElement.scrollWidth <= window.innerWidth + 1;");
                assertEquals(
                        Boolean.TRUE,
                        fits,
                        route + " overflows at " + size[0] + " px: "
                                + browser.js("return document.documentElement.scrollWidth"));
                if (route.endsWith("/edit")) {
                    browser.click("#step-3");
                }
                if (size[0] == 390 && (route.equals("#/tasks") || route.endsWith("/edit"))) {
                    browser.screenshot("narrow-" + (route.endsWith("/edit") ? "wizard" : "tasks"));
                }
                recordUrl();
            }
        }
        browser.size(1280, 800);
        browser.open(service.base(), "#/groups");
        browser.waitText("li[role=treeitem]", "Demo AD", 10);
        treeItem("Demo AD").findElement(By.cssSelector("[data-twisty]")).click();
        browser.until(d -> treeItemOrNull("Corp") != null ? true : null, 10);
        treeItem("Corp").findElement(By.cssSelector("[data-twisty]")).click();
        browser.until(d -> treeItemOrNull("Sales") != null ? true : null, 10);
        treeItem("Sales").findElement(By.cssSelector(".name")).click();
        browser.find("#members-table");
        browser.screenshot("groups");
        browser.open(service.base(), "#/admin/audit");
        browser.find("#audit-table");
        browser.screenshot("audit");
    }

    // ---------------------------------------------------------------- the token: never in a URL, localStorage or the
    // log

    // ---------------------------------------------------------------- OIDC: authorization code + PKCE in the browser

    @Test
    @Order(9)
    void signInWithTheIdentityProviderUsesPkceAndKeepsTheCodeOutOfServerLogs() throws Exception {
        browser.click("#sign-out");
        browser.find("#oidc-sign-in");
        browser.screenshot("sign-in-oidc");
        browser.click("#oidc-sign-in");
        browser.waitText("#caller-role", "admin", 20);
        assertEquals("alice@example.test", browser.find("#caller-name").getText());
        assertEquals(1, idp.pkceVerified, "the token endpoint checked the PKCE verifier");
        String url = browser.driver.getCurrentUrl();
        assertFalse(url.contains("code=") || url.contains("state="), "the code is gone from the URL: " + url);
        browser.find("#task-table");
        secretsTyped.addAll(idp.issuedTokens);
        idp.issuedTokens.forEach(TestSecrets::remember);
        String log = Files.readString(service.log, StandardCharsets.UTF_8);
        for (String code : idp.issuedCodes) {
            assertFalse(log.contains(code), "the authorization code reached the service");
        }
        recordUrl();
        browser.click("#sign-out");
        signIn(TestSecrets.BOOTSTRAP_TOKEN, "admin");
    }

    @Test
    @Order(10)
    void theTokenIsNeverInAUrlInLocalStorageOrInTheServiceLog() throws Exception {
        Map<String, Object> storage = browser.storage();
        assertEquals("{}", storage.get("local"), "nothing in localStorage");
        assertEquals("", storage.get("cookies"), "no cookies");
        assertTrue(
                String.valueOf(storage.get("session")).contains(TestSecrets.BOOTSTRAP_TOKEN),
                "the token is in sessionStorage");

        List<String> urls = new ArrayList<>(browser.requestedUrls());
        urls.addAll(visitedUrls);
        assertTrue(
                urls.stream().anyMatch(u -> u.contains("/api/v1/runs/") && u.endsWith("/events")),
                "the event stream was read: "
                        + urls.stream().filter(u -> u.contains("/api/")).toList());
        for (String url : urls) {
            for (String secret : secretsTyped) {
                assertFalse(url.contains(secret), "a URL holds a token: " + url);
            }
        }

        List<String> cspOrErrors = new ArrayList<>();
        for (LogEntry e : browser.console()) {
            String m = e.getMessage();
            if (m.contains("Content Security Policy")
                    || (e.getLevel().intValue() >= Level.SEVERE.intValue() && !m.contains("Failed to load resource"))) {
                cspOrErrors.add(m);
            }
        }
        assertTrue(
                cspOrErrors.isEmpty(), "browser console errors or CSP violations:\n" + String.join("\n", cspOrErrors));

        String log = Files.readString(service.log, StandardCharsets.UTF_8);
        assertTrue(log.contains("GET /api/v1/sync-tasks"), "the access log is in the instance log");
        for (String secret : secretsTyped) {
            assertFalse(log.contains(secret), "the service log holds a token");
        }
        for (String password : List.of(AdLikeTree.SERVICE_PASSWORD, "not-the-password")) {
            assertFalse(log.contains(password), "the service log holds a password");
        }
    }

    // ---------------------------------------------------------------- helpers

    static boolean signInShot;

    static void signIn(String token, String role) throws Exception {
        browser.find("#token");
        if (!signInShot) {
            signInShot = true;
            browser.screenshot("sign-in");
        }
        browser.type("#token", token);
        browser.click("#sign-in-button");
        browser.waitText("#caller-role", role, 15);
        assertFalse(browser.driver.getCurrentUrl().contains(token));
        recordUrl();
    }

    static void next() {
        browser.click("#wizard-next");
    }

    static void fillServer(String login, String password) {
        browser.type("#server-host", "127.0.0.1");
        browser.type("#server-port", Integer.toString(service.directoryPort));
        new Select(browser.find("#server-security")).selectByValue("NONE");
        browser.type("#server-login", login);
        browser.type("#server-password", password);
    }

    /** The API's answer to a GET of this path (below /api/v1), which must be 200. */
    static Map<String, Object> apiJson(String path) throws Exception {
        return json(given().get(service.api() + path)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    /** On a user's page: adds one custom attribute and saves. */
    static void saveWithCustomAttribute(String key, String value) {
        browser.click("#add-custom-attribute");
        browser.all("#custom-attributes .ca-key").get(0).sendKeys(key);
        browser.all("#custom-attributes .ca-value").get(0).sendKeys(value);
        browser.click("#save-user");
    }

    /** On a run's page: waits up to a minute for the run to show this status. */
    static void awaitLiveStatus(String status) {
        browser.until(d -> status.equals(browser.find("#live-status").getAttribute("data-status")) ? true : null, 60);
    }

    /** A connection to the service's embedded demo directory, as its service account (which may write). */
    static LDAPConnection demoDirectoryAdmin() throws LDAPException {
        return new LDAPConnection(
                "127.0.0.1", service.directoryPort, AdLikeTree.SERVICE_DN, AdLikeTree.SERVICE_PASSWORD);
    }

    static boolean isFocusedBelow(WebElement root) {
        return Boolean.TRUE.equals(browser.js(
                "return arguments[0].contains(document.activeElement) && document.activeElement !== arguments[0];",
                root));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String body) throws Exception {
        return new ObjectMapper().readValue(body, Map.class);
    }

    static WebElement treeItemOrNull(String name) {
        List<WebElement> found = browser.driver.findElements(By.xpath(
                "//li[@role='treeitem'][./div/span[@class='name' and normalize-space(text())='" + name + "']]"));
        return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    }

    static WebElement treeItem(String name) {
        return browser.until(d -> treeItemOrNull(name), 10);
    }

    static void recordUrl() {
        visitedUrls.add(browser.driver.getCurrentUrl());
    }

    /** A task as the API answers it, less what only answers carry: what a script would PUT back. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> requestOf(Map<String, Object> task) {
        Map<String, Object> r = new LinkedHashMap<>(task);
        for (String readOnly : List.of("id", "createdAt", "updatedAt", "nextRunAt", "lastRun")) {
            r.remove(readOnly);
        }
        Map<String, Object> d = new LinkedHashMap<>((Map<String, Object>) r.get("directory"));
        d.remove("passwordSet");
        r.put("directory", d);
        return r;
    }

    static void awaitRun(String taskId, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, Object>> runs = given().get(service.api() + "/sync-tasks/" + taskId + "/runs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("items");
            if (!runs.isEmpty() && status.equals(runs.get(0).get("status"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the run of " + taskId + " did not reach " + status);
    }

    /** An OU of its own in the demo directory, outside OU=Corp, with AD-shaped users. */
    static List<String> seedThresholdOu(int count) throws Exception {
        List<String> dns = new ArrayList<>();
        try (LDAPConnection c = demoDirectoryAdmin()) {
            c.add(new Entry(
                    THRESHOLD_OU,
                    new Attribute("objectClass", "top", "organizationalUnit"),
                    new Attribute("ou", "Threshold Lab"),
                    AdLikeTree.guid(THRESHOLD_OU)));
            for (int i = 0; i < count; i++) {
                String dn = "CN=Threshold User " + i + "," + THRESHOLD_OU;
                c.add(new Entry(
                        dn,
                        new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                        new Attribute("cn", "Threshold User " + i),
                        new Attribute("sAMAccountName", "threshold" + i),
                        new Attribute("sAMAccountType", "805306368"),
                        new Attribute("userAccountControl", "512"),
                        AdLikeTree.guid(dn),
                        new Attribute("objectSid", ObjectIds.sidBytes(AdLikeTree.DOMAIN_SID + "-" + (90000 + i)))));
                dns.add(dn);
            }
        }
        return dns;
    }
}
