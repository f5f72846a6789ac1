package io.usersync.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import io.restassured.response.Response;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.OtlpReceiver;
import io.usersync.support.PackagedInstance;
import io.usersync.support.TestCredentials;
import io.usersync.support.TestSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar started each way an operator gives it the database: the USERSYNC_DB_* variables,
 * QUARKUS_DATASOURCE_JDBC_URL without currentSchema (the container example of docs/deploy.md and the
 * Dockerfile, exactly), and a URL naming its own currentSchema. Each syncs the in-memory directory.
 */
class DatasourceFormsIT {
    static final int USERS = 20;
    static final String VARIABLES_SCHEMA = "usersync_it_variables";
    static final String URL_SCHEMA = "usersync_it_url";
    static final String IGNORED_SCHEMA = "usersync_it_ignored";
    /** The container example's variables, with this machine's values: docs/deploy.md and the Dockerfile show these names. */
    static final Map<String, String> CONTAINER_EXAMPLE = new LinkedHashMap<>();

    static InMemoryDirectoryServer directory;
    static PackagedInstance byVariables;
    static PackagedInstance byUrl;
    static PackagedInstance byUrlWithSchema;
    static OtlpReceiver traces;

    @BeforeAll
    static void start() throws Exception {
        TestCredentials.install();
        directory = DemoDirectory.start(0, USERS);
        traces = new OtlpReceiver();
        PackagedInstance.dropSchemas(VARIABLES_SCHEMA, URL_SCHEMA, IGNORED_SCHEMA, "usersync");
        CONTAINER_EXAMPLE.put("USERSYNC_SECRET_KEY", PackagedInstance.SECRET_KEY);
        CONTAINER_EXAMPLE.put("USERSYNC_BOOTSTRAP_TOKEN", TestSecrets.BOOTSTRAP_TOKEN);
        CONTAINER_EXAMPLE.put("QUARKUS_DATASOURCE_JDBC_URL", PackagedInstance.jdbcUrl());
        CONTAINER_EXAMPLE.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        CONTAINER_EXAMPLE.put("QUARKUS_DATASOURCE_PASSWORD", "");
        // started together: three JVMs starting at once take less time than one after the other
        // this one also traces, to a collector of the test's
        byVariables = PackagedInstance.start(
                "db-variables",
                Map.of(
                        "USERSYNC_SECRET_KEY",
                        PackagedInstance.SECRET_KEY,
                        "USERSYNC_BOOTSTRAP_TOKEN",
                        TestSecrets.BOOTSTRAP_TOKEN,
                        "USERSYNC_DB_HOST",
                        "127.0.0.1",
                        "USERSYNC_DB_PORT",
                        "5432",
                        "USERSYNC_DB_NAME",
                        PackagedInstance.testDatabase(),
                        "USERSYNC_DB_SCHEMA",
                        VARIABLES_SCHEMA,
                        "USERSYNC_DB_USER",
                        "postgres",
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        traces.endpoint(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "http/protobuf",
                        "OTEL_BSP_SCHEDULE_DELAY",
                        "200ms"));
        byUrl = PackagedInstance.start("db-url", CONTAINER_EXAMPLE);
        byUrlWithSchema = PackagedInstance.start(
                "db-url-schema",
                Map.of(
                        "USERSYNC_SECRET_KEY",
                        PackagedInstance.SECRET_KEY,
                        "USERSYNC_BOOTSTRAP_TOKEN",
                        TestSecrets.BOOTSTRAP_TOKEN,
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        PackagedInstance.jdbcUrl() + "?currentSchema=" + URL_SCHEMA + "&ApplicationName=it",
                        "QUARKUS_DATASOURCE_USERNAME",
                        "postgres",
                        "USERSYNC_DB_SCHEMA",
                        IGNORED_SCHEMA));
        for (PackagedInstance i : List.of(byVariables, byUrl, byUrlWithSchema)) {
            i.awaitReady(Duration.ofSeconds(120));
        }
    }

    @AfterAll
    static void stop() {
        for (PackagedInstance i : new PackagedInstance[] {byVariables, byUrl, byUrlWithSchema}) {
            if (i != null) {
                i.close();
            }
        }
        directory.shutDown(true);
        traces.close();
    }

    /** Answers the run's id. */
    static String syncsTheDirectory(PackagedInstance instance) throws InterruptedException {
        String group = instance.createGroup("Datasource " + instance.name());
        String task = instance.createTask("Datasource " + instance.name(), group, directory.getListenPort());
        Map<String, Object> run = instance.awaitEnd(instance.triggerRun(task), Duration.ofSeconds(60));
        assertEquals("SUCCEEDED", run.get("status"), run.toString());
        assertEquals(USERS, instance.users(task));
        return (String) run.get("id");
    }

    static void stopsCleanly(PackagedInstance instance) throws Exception {
        assertTrue(instance.terminate(Duration.ofSeconds(30)), instance.name() + " did not stop on SIGTERM");
        assertEquals(List.of(), instance.errorLines());
    }

    static void saysWhichSchema(PackagedInstance instance, String line) throws IOException {
        assertTrue(
                instance.logLines().stream().anyMatch(l -> l.contains(line)),
                "the log of " + instance.name() + " lacks: " + line);
    }

    @Test
    void usersyncDbVariables() throws Exception {
        String run = syncsTheDirectory(byVariables);
        tracesTheRunAndItsPhases(run);
        saysWhichSchema(byVariables, "store: schema \"" + VARIABLES_SCHEMA + "\" (USERSYNC_DB_SCHEMA)");
        readinessFollowsTheSchema(byVariables, VARIABLES_SCHEMA);
        stopsCleanly(byVariables);
    }

    @Test
    void jdbcUrlWithoutCurrentSchemaAsTheContainerExampleShows() throws Exception {
        syncsTheDirectory(byUrl);
        saysWhichSchema(byUrl, "store: schema \"usersync\" (USERSYNC_DB_SCHEMA)");
        stopsCleanly(byUrl);
    }

    @Test
    void jdbcUrlNamingItsOwnSchemaWins() throws Exception {
        syncsTheDirectory(byUrlWithSchema);
        saysWhichSchema(
                byUrlWithSchema, "store: schema \"" + URL_SCHEMA + "\" (named by the JDBC URL's currentSchema)");
        assertTrue(PackagedInstance.schemaExists(URL_SCHEMA));
        assertFalse(
                PackagedInstance.schemaExists(IGNORED_SCHEMA),
                "Flyway migrated USERSYNC_DB_SCHEMA instead of the URL's schema");
        stopsCleanly(byUrlWithSchema);
    }

    /** With OTEL_EXPORTER_OTLP_ENDPOINT set, spans for HTTP requests, the run and its phases reach the collector. */
    static void tracesTheRunAndItsPhases(String runId) throws InterruptedException {
        List<String> wanted = List.of(
                "usersync run",
                "usersync read",
                "usersync plan",
                "usersync apply",
                "usersync.run.id",
                "usersync.task.id",
                runId,
                "/api/v1/sync-tasks/{id}/runs");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline) && !wanted.stream().allMatch(traces.all()::contains)) {
            Thread.sleep(250);
        }
        String all = traces.all();
        assertEquals(List.of(), wanted.stream().filter(w -> !all.contains(w)).toList(), "not in the exported spans");
        assertTrue(all.startsWith("/v1/traces"), "spans are sent to the OTLP traces path");
    }

    /** The container example in the docs is the one this test runs, variable for variable. */
    @Test
    void containerExamplesAreTheOneThisTestRuns() throws IOException {
        Set<String> ran = new TreeSet<>(CONTAINER_EXAMPLE.keySet());
        assertEquals(ran, exampleVariables(Path.of("docs/deploy.md")), "docs/deploy.md's docker run example");
        assertEquals(ran, exampleVariables(Path.of("Dockerfile")), "the Dockerfile's docker run example");
    }

    static Set<String> exampleVariables(Path file) throws IOException {
        String text = Files.readString(file);
        int at = text.indexOf("docker run");
        assertTrue(at >= 0, file + " has no docker run example");
        // the example runs to the image name: the first line not ending in a continuation
        Matcher end = Pattern.compile("(?m)[^\\\\\\n]$").matcher(text);
        int stop = end.find(at) ? end.end() : text.length();
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("-e ([A-Z0-9_]+)=").matcher(text.substring(at, stop));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Renamed under the running instance, the schema makes readiness DOWN within 15 s, and UP again once back. */
    static void readinessFollowsTheSchema(PackagedInstance instance, String schema) throws Exception {
        try {
            rename(schema, schema + "_away");
            Response down = awaitReadiness(instance, 503, Duration.ofSeconds(15));
            assertEquals("DOWN", down.path("status"));
            List<Map<String, Object>> checks = down.path("checks.findAll { it.status == 'DOWN' }");
            assertTrue(
                    checks.toString().contains("schema \\\"" + schema + "\\\" does not exist")
                            || checks.toString().contains("schema \"" + schema + "\" does not exist"),
                    checks.toString());
            assertEquals(
                    200,
                    given().get(instance.base() + "/q/health/live").statusCode(),
                    "liveness must not depend on the database");
        } finally {
            rename(schema + "_away", schema);
        }
        assertEquals("UP", awaitReadiness(instance, 200, Duration.ofSeconds(15)).path("status"));
    }

    static void rename(String from, String to) throws SQLException {
        try (var c = PackagedInstance.database()) {
            c.createStatement().execute("alter schema \"" + from + "\" rename to \"" + to + "\"");
        }
    }

    static Response awaitReadiness(PackagedInstance instance, int status, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        Response last = null;
        while (Instant.now().isBefore(deadline)) {
            last = given().get(instance.base() + "/q/health/ready");
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("readiness did not answer " + status + " within " + within + ": "
                + (last == null ? "" : last.asString()));
    }
}
