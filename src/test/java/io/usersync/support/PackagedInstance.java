package io.usersync.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.usersync.demo.AdLikeTree;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service (target/quarkus-app/quarkus-run.jar) as an operator starts it: its own JVM,
 * configured by environment variables only, its output in target/instance-NAME.log.
 */
public final class PackagedInstance implements AutoCloseable {
    /** A key the instances of one test share; tests never decrypt with it outside them. */
    public static final String SECRET_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private PackagedInstance(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** The database the tests use (USERSYNC_TEST_DB_NAME, default test). */
    public static String testDatabase() {
        String db = System.getenv("USERSYNC_TEST_DB_NAME");
        return db == null || db.isBlank() ? "test" : db;
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + testDatabase();
    }

    public static Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    public static void dropSchemas(String... schemas) throws SQLException {
        try (Connection c = database()) {
            for (String s : schemas) {
                c.createStatement().execute("drop schema if exists \"" + s + "\" cascade");
            }
        }
    }

    public static boolean schemaExists(String schema) throws SQLException {
        try (Connection c = database();
                var s = c.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
            s.setString(1, schema);
            return s.executeQuery().next();
        }
    }

    /** Starts an instance with exactly these variables, plus a free loopback port unless they name one. */
    public static PackagedInstance start(String name, Map<String, String> variables) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(variables);
        int port;
        if (env.containsKey("USERSYNC_HTTP_PORT")) {
            port = Integer.parseInt(env.get("USERSYNC_HTTP_PORT"));
        } else {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            env.put("USERSYNC_HTTP_PORT", Integer.toString(port));
            env.putIfAbsent("USERSYNC_HTTP_HOST", "127.0.0.1");
        }
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx256m", "-jar", "target/quarkus-app/quarkus-run.jar");
        // nothing of the test JVM's own environment that could configure the service leaks in
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("USERSYNC_") || k.startsWith("QUARKUS_") || k.startsWith("OTEL_"));
        pb.environment().putAll(env);
        Path log = Path.of("target/instance-" + name + ".log");
        pb.redirectErrorStream(true).redirectOutput(new File(log.toString()));
        return new PackagedInstance(name, port, pb.start(), log);
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public String api() {
        return base() + "/api/v1";
    }

    public String createGroup(String groupName) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", groupName))
                .post(api() + "/user-groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A task reading the AD-shaped demo tree's OU=Corp from a plain LDAP port on loopback. */
    public String createTask(String taskName, String targetGroupId, int ldapPort) {
        Map<String, Object> directory = Map.of(
                "type",
                "ACTIVE_DIRECTORY",
                "host",
                "127.0.0.1",
                "port",
                ldapPort,
                "security",
                "NONE",
                "login",
                AdLikeTree.SERVICE_DN,
                "password",
                AdLikeTree.SERVICE_PASSWORD);
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        taskName,
                        "directory",
                        directory,
                        "targetGroupId",
                        targetGroupId,
                        "baseDns",
                        List.of(AdLikeTree.CORP)))
                .post(api() + "/sync-tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public String triggerRun(String taskId) {
        return given().contentType(ContentType.JSON)
                .body(Map.of())
                .post(api() + "/sync-tasks/" + taskId + "/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    public Map<String, Object> run(String runId) {
        return given().get(api() + "/runs/" + runId)
                .then()
                .statusCode(200)
                .extract()
                .path("");
    }

    /** Waits until the run has ended and answers it as it ended. */
    public Map<String, Object> awaitEnd(String runId, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> r = run(runId);
            if (!"QUEUED".equals(r.get("status")) && !"RUNNING".equals(r.get("status"))) {
                return r;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " did not end within " + within + ": " + run(runId));
    }

    public int users(String taskId) {
        return given().queryParam("taskId", taskId)
                .queryParam("size", 1)
                .get(api() + "/users")
                .then()
                .statusCode(200)
                .extract()
                .path("total");
    }

    public PackagedInstance awaitReady(Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("instance " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (given().get(base() + "/q/health/ready").statusCode() == 200) {
                    return this;
                }
            } catch (Exception e) {
                // not listening yet (rest-assured throws ConnectException undeclared)
            }
            Thread.sleep(250);
        }
        throw new AssertionError("instance " + name + " was not ready within " + within + "; see " + log);
    }

    /** SIGTERM, as Kubernetes, systemd and Ctrl-C stop a process; true when it exited within the time given. */
    public boolean terminate(Duration within) throws InterruptedException {
        process.destroy();
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<String> logLines() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    /** Lines at level ERROR, in the plain format or the JSON one. */
    public List<String> errorLines() throws IOException {
        return logLines().stream()
                .filter(l -> l.contains("\"level\":\"ERROR\"") || l.matches("^\\S+ \\S+ ERROR .*"))
                .toList();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
