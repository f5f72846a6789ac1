package io.usersync.run;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import io.restassured.http.ContentType;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.PackagedInstance;
import io.usersync.support.SilentServer;
import io.usersync.support.TestCredentials;
import io.usersync.support.TestSecrets;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service on one database: a schedule fires once per fire, and a run
 * whose instance is killed is failed as ABANDONED while the next fire runs on the other instance.
 */
class TwoInstancesIT {
    static final String SCHEMA = "usersync_two_instances";
    static InMemoryDirectoryServer directory;
    static SilentServer silent;
    static Instance a;
    static Instance b;

    record Instance(String name, int port, Process process) {
        String api() {
            return "http://127.0.0.1:" + port + "/api/v1";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        TestCredentials.install();
        directory = DemoDirectory.start(0, 10);
        silent = new SilentServer();
        try (var c = DriverManager.getConnection(PackagedInstance.jdbcUrl(), "postgres", "")) {
            c.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        a = launch("A", key);
        awaitReady(a);
        b = launch("B", key);
        awaitReady(b);
    }

    @AfterAll
    static void stop() throws IOException {
        for (Instance i : new Instance[] {a, b}) {
            if (i != null) {
                i.process().destroyForcibly();
            }
        }
        silent.close();
        directory.shutDown(true);
    }

    static Instance launch(String name, String key) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx256m", "-jar", "target/quarkus-app/quarkus-run.jar");
        pb.environment()
                .putAll(Map.of(
                        "USERSYNC_SECRET_KEY",
                        key,
                        "USERSYNC_DB_NAME",
                        PackagedInstance.testDatabase(),
                        "USERSYNC_DB_SCHEMA",
                        SCHEMA,
                        "USERSYNC_HTTP_PORT",
                        Integer.toString(port),
                        "USERSYNC_HTTP_HOST",
                        "127.0.0.1",
                        "USERSYNC_INSTANCE_ID",
                        name,
                        "USERSYNC_RUN_LEASE",
                        "3s",
                        "USERSYNC_LDAP_CONNECT_TIMEOUT",
                        "60s",
                        "USERSYNC_LDAP_RESPONSE_TIMEOUT",
                        "60s"));
        pb.environment().put("USERSYNC_BOOTSTRAP_TOKEN", TestSecrets.BOOTSTRAP_TOKEN);
        pb.redirectErrorStream(true).redirectOutput(new File("target/instance-" + name + ".log"));
        return new Instance(name, port, pb.start());
    }

    static void awaitReady(Instance i) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (given().get("http://127.0.0.1:" + i.port() + "/q/health/ready")
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (Exception e) {
                // not listening yet (rest-assured throws ConnectException undeclared)
            }
            Thread.sleep(300);
        }
        throw new AssertionError("instance " + i.name() + " did not start; see target/instance-" + i.name() + ".log");
    }

    static Map<String, Object> directoryAt(int port) {
        return Map.of(
                "type",
                "ACTIVE_DIRECTORY",
                "host",
                "127.0.0.1",
                "port",
                port,
                "security",
                "NONE",
                "login",
                AdLikeTree.SERVICE_DN,
                "password",
                AdLikeTree.SERVICE_PASSWORD);
    }

    static Map<String, Object> task(String target, int port) {
        return Map.of(
                "name",
                "every 3 s",
                "directory",
                directoryAt(port),
                "targetGroupId",
                target,
                "baseDns",
                List.of(AdLikeTree.CORP),
                "schedule",
                Map.of("cron", "*/3 * * * * ?"));
    }

    static List<Map<String, Object>> runs(Instance via, String task) {
        return given().queryParam("taskId", task)
                .queryParam("size", 200)
                .get(via.api() + "/runs")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
    }

    static Map<String, Object> await(Instance via, String task, Predicate<Map<String, Object>> wanted, int seconds)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(seconds));
        while (Instant.now().isBefore(deadline)) {
            for (Map<String, Object> r : runs(via, task)) {
                if (wanted.test(r)) {
                    return r;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no such run within " + seconds + " s: " + runs(via, task));
    }

    /** The task's runs once at least {@code count} of them have finished. */
    static List<Map<String, Object>> awaitFinished(Instance via, String task, int count, int seconds)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(seconds));
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, Object>> all = runs(via, task);
            if (all.stream().filter(r -> r.get("finishedAt") != null).count() >= count) {
                return all;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(count + " runs did not finish within " + seconds + " s: " + runs(via, task));
    }

    @Test
    void oneRunPerFireAcrossInstancesAndAKilledHolderIsNoticed() throws Exception {
        String target = given().contentType(ContentType.JSON)
                .body(Map.of("name", "Two instances"))
                .post(a.api() + "/user-groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Instant created = Instant.now();
        String task = given().contentType(ContentType.JSON)
                .body(task(target, directory.getListenPort()))
                .post(a.api() + "/sync-tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        List<Map<String, Object>> fired = awaitFinished(b, task, 3, 60);
        Set<Object> fires = new HashSet<>();
        Set<Object> instances = new HashSet<>();
        for (Map<String, Object> r : fired) {
            assertEquals("SCHEDULE", r.get("trigger"));
            assertTrue(fires.add(r.get("scheduledFor")), "two runs for one fire: " + fired);
            Instant fire = OffsetDateTime.parse((String) r.get("scheduledFor")).toInstant();
            assertTrue(
                    fire.getNano() == 0 && fire.getEpochSecond() % 3 == 0,
                    "a run for a time the cron does not fire at: " + r);
            assertTrue(fire.isAfter(created), "a fire from before the task existed: " + r);
            if (r.get("instance") != null) {
                instances.add(String.valueOf(r.get("instance")).substring(0, 1));
            }
        }
        // the latest fire may still be running when we look
        assertTrue(
                fired.stream()
                        .filter(r -> r.get("finishedAt") != null)
                        .allMatch(r -> "SUCCEEDED".equals(r.get("status"))),
                fired.toString());
        // a fire's run goes to whichever instance ticks first after it, which can be the same one every time as both
        // tick at a fixed rate: that the other one runs the task too is shown by the takeover below
        assertTrue(
                Set.of("A", "B").containsAll(instances) && !instances.isEmpty(), "runs by unknown instances: " + fired);
        for (Instance i : new Instance[] {a, b}) {
            assertTrue(
                    i.process().isAlive(),
                    "instance " + i.name() + " stopped; see target/instance-" + i.name() + ".log");
            given().get("http://127.0.0.1:" + i.port() + "/q/health/ready")
                    .then()
                    .statusCode(200);
        }

        // point the task at a server that never answers: the next run hangs, held by one instance
        String etag =
                given().get(a.api() + "/sync-tasks/" + task).then().extract().header("ETag");
        given().contentType(ContentType.JSON)
                .header("If-Match", etag)
                .body(task(target, silent.port()))
                .put(a.api() + "/sync-tasks/" + task)
                .then()
                .statusCode(200);
        Instant repointed = Instant.now();
        // a run started before the change may still be finishing against the good directory: wait for a later one
        Map<String, Object> hung = await(
                a,
                task,
                r -> "RUNNING".equals(r.get("status"))
                        && r.get("startedAt") != null
                        && OffsetDateTime.parse((String) r.get("startedAt"))
                                .toInstant()
                                .isAfter(repointed),
                15);
        Instance holder = String.valueOf(hung.get("instance")).startsWith("A") ? a : b;
        Instance survivor = holder == a ? b : a;
        holder.process().destroyForcibly().waitFor();

        etag = given().get(survivor.api() + "/sync-tasks/" + task)
                .then()
                .extract()
                .header("ETag");
        given().contentType(ContentType.JSON)
                .header("If-Match", etag)
                .body(task(target, directory.getListenPort()))
                .put(survivor.api() + "/sync-tasks/" + task)
                .then()
                .statusCode(200);
        Map<String, Object> abandoned = await(
                survivor, task, r -> r.get("id").equals(hung.get("id")) && !"RUNNING".equals(r.get("status")), 20);
        assertEquals("FAILED", abandoned.get("status"));
        assertEquals("ABANDONED", abandoned.get("failureCategory"));
        Map<String, Object> next = await(
                survivor,
                task,
                r -> "SUCCEEDED".equals(r.get("status"))
                        && String.valueOf(r.get("queuedAt")).compareTo(String.valueOf(abandoned.get("finishedAt"))) > 0,
                20);
        assertNotEquals(holder.name(), String.valueOf(next.get("instance")).substring(0, 1));
    }
}
