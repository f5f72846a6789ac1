package io.usersync.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SettableClock;
import io.usersync.support.SilentServer;
import io.usersync.user.AppUser;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schedules, the abandoned-run sweeper, Server-Sent Events, retention and metrics. */
@QuarkusTest
class RunOrchestrationTest extends ApiTest {
    static InMemoryDirectoryServer directory;

    @Inject
    RunRetention retention;

    @Inject
    RunWorker worker;

    @Inject
    ScheduleTicker ticker;

    @Inject
    SettableClock clock;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start(0, 10);
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    @AfterEach
    void systemTime() {
        clock.reset();
    }

    private static Map<String, Object> task(String name, Map<String, Object> schedule) {
        Map<String, Object> body = taskBody(name, createGroup(unique("R"), null));
        Map<String, Object> d = directoryOf(body);
        d.put("host", "127.0.0.1");
        d.put("port", directory.getListenPort());
        d.put("security", "NONE");
        d.put("login", AdLikeTree.SERVICE_DN);
        d.put("password", AdLikeTree.SERVICE_PASSWORD);
        body.put("baseDns", List.of(AdLikeTree.CORP));
        if (schedule == null) {
            body.remove("schedule");
        } else {
            body.put("schedule", schedule);
        }
        return body;
    }

    private static void sync(String sql, Object... params) {
        QuarkusTransaction.requiringNew().run(() -> {
            var q = AppUser.getEntityManager().createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            q.executeUpdate();
        });
    }

    /** The run the task's schedule queued for the fire at {@code fire}; a tick of the scheduler may be the one that queues it. */
    private static String awaitRunFor(String task, Instant fire) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        do {
            List<Map<String, Object>> runs = given().queryParam("taskId", task)
                    .queryParam("size", 100)
                    .get("/api/v1/runs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("items");
            for (Map<String, Object> r : runs) {
                if (r.get("scheduledFor") != null
                        && OffsetDateTime.parse((String) r.get("scheduledFor"))
                                .toInstant()
                                .equals(fire)) {
                    return (String) r.get("id");
                }
            }
            Thread.sleep(50);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("no run for the fire at " + fire);
    }

    @Test
    void aScheduleFiresOneRunPerFireAndStopsWhenDisabled() throws Exception {
        Map<String, Object> body =
                task(unique("every2s"), Map.of("cron", "*/2 * * * * ?", "timezone", "Europe/Bratislava"));
        // in the past, so that the database's now() has passed every fire and the worker claims its run at once
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        clock.set(start.plusMillis(500));
        String task = createTask(body);
        ticker.tick();
        List<Instant> fires = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            Instant fire = start.plusSeconds(2L * n);
            clock.set(fire.plusMillis(500));
            ticker.tick();
            // as another replica would, at the same moment: the fire is not queued twice
            ticker.tick();
            fires.add(fire);
            // to its end, or the next fire would find it running and coalesce into it
            Runs.awaitEnd(awaitRunFor(task, fire));
        }
        List<Map<String, Object>> runs = given().queryParam("taskId", task)
                .queryParam("size", 100)
                .get("/api/v1/runs")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
        assertEquals(fires.size(), runs.size(), "one run per fire, none for the task's creation: " + runs);
        var scheduledFor = new HashSet<Object>();
        for (Map<String, Object> r : runs) {
            assertEquals("SCHEDULE", r.get("trigger"));
            assertTrue(scheduledFor.add(r.get("scheduledFor")), "two runs for one fire: " + runs);
        }
        assertEquals(
                new HashSet<>(fires),
                scheduledFor.stream()
                        .map(f -> OffsetDateTime.parse((String) f).toInstant())
                        .collect(Collectors.toSet()),
                runs.toString());
        given().get("/api/v1/sync-tasks/" + task)
                .then()
                .statusCode(200)
                .body("nextRunAt", notNullValue())
                .body("lastRun.id", notNullValue());

        String etag = given().get("/api/v1/sync-tasks/" + task).then().extract().header("ETag");
        body.put("enabled", false);
        json().header("If-Match", etag)
                .body(body)
                .put("/api/v1/sync-tasks/" + task)
                .then()
                .statusCode(200);
        int paused = given().queryParam("taskId", task)
                .get("/api/v1/runs")
                .then()
                .extract()
                .path("total");
        clock.set(start.plusSeconds(20).plusMillis(500));
        ticker.tick();
        assertEquals(
                paused,
                (int) given().queryParam("taskId", task)
                        .get("/api/v1/runs")
                        .then()
                        .extract()
                        .path("total"),
                "a disabled task's schedule does not fire");
    }

    /** A run left RUNNING by lease_owner with its lease just expired; it must end FAILED as ABANDONED. */
    private static void assertLeftRunningIsAbandoned(String task, String leaseOwner) {
        UUID run = UUID.randomUUID();
        sync("""
                insert into sync_run (id, task_id, status, trigger, started_at, lease_owner, lease_expires_at, counts)
                values (?1, ?2, 'RUNNING', 'MANUAL', now() - interval '1 minute', ?3, now() - interval '1 second', '{}')""", run, UUID.fromString(task), leaseOwner);
        JsonPath ended = Runs.awaitEnd(run.toString());
        assertEquals("FAILED", ended.getString("status"));
        assertEquals("ABANDONED", ended.getString("failureCategory"));
    }

    @Test
    void aRunOfThisInstanceThatNoWorkerExecutesIsNotKeptAliveByItsHeartbeat() {
        // what a worker whose execution ended without recording the run's end leaves behind
        assertLeftRunningIsAbandoned(createTask(task(unique("orphan"), null)), worker.instanceId());
    }

    @Test
    void aRunWhoseInstanceStoppedRenewingItsLeaseIsAbandonedAndTheTaskRunsAgain() {
        String task = createTask(task(unique("abandoned"), null));
        assertLeftRunningIsAbandoned(task, "usersync-dead-instance");
        assertEquals("SUCCEEDED", Runs.run(task).getString("status"));
    }

    @Test
    void serverSentEventsFollowARunToItsEnd() {
        String task = createTask(task(unique("sse"), null));
        String run = Runs.trigger(task, Map.of());
        String stream = given().accept("text/event-stream")
                .get("/api/v1/runs/" + run + "/events")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(stream.contains("data:"), stream);
        String lastEvent = stream.substring(stream.lastIndexOf("data:"));
        assertTrue(lastEvent.contains("\"status\":\"SUCCEEDED\""), stream);
        given().accept("text/event-stream")
                .get("/api/v1/runs/" + UUID.randomUUID() + "/events")
                .then()
                .statusCode(404);
    }

    @Test
    void aTriggerWhileARunIsActiveIs409AndRunningAndQueuedRunsCanBeCancelled() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            Map<String, Object> body = task(unique("hang"), null);
            directoryOf(body).put("port", silent.port());
            String task = createTask(body);
            String running = Runs.trigger(task, Map.of());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
            while (!"RUNNING"
                            .equals(given().get("/api/v1/runs/" + running)
                                    .then()
                                    .extract()
                                    .path("status"))
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            json().body(Map.of())
                    .post("/api/v1/sync-tasks/" + task + "/runs")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("runId", equalTo(running));
            json().post("/api/v1/runs/" + running + "/cancel").then().statusCode(200);
            JsonPath cancelled = Runs.awaitEnd(running);
            assertEquals("CANCELLED", cancelled.getString("status"), cancelled.prettify());

            // a queued run (held back by its jitter) is cancelled at once
            UUID queued = UUID.randomUUID();
            sync("""
                    insert into sync_run (id, task_id, status, trigger, not_before, counts)
                    values (?1, ?2, 'QUEUED', 'SCHEDULE', now() + interval '1 hour', '{}')""", queued, UUID.fromString(task));
            json().post("/api/v1/runs/" + queued + "/cancel")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("CANCELLED"));
            json().post("/api/v1/runs/" + queued + "/cancel").then().statusCode(409);
        }
    }

    @Test
    void retentionPurgesOldRunsButKeepsTheLatestPerTask() {
        String task = createTask(task(unique("old"), null));
        for (int i = 0; i < 25; i++) {
            sync("""
                    insert into sync_run (id, task_id, status, trigger, queued_at, started_at, finished_at, counts)
                    values (?1, ?2, 'SUCCEEDED', 'MANUAL', now() - make_interval(days => 200 - ?3), now() - make_interval(days => 200 - ?3),
                            now() - make_interval(days => 200 - ?3), '{}')""", UUID.randomUUID(), UUID.fromString(task), i);
        }
        assertTrue(retention.purge() >= 5);
        given().queryParam("taskId", task).get("/api/v1/runs").then().body("total", equalTo(20));
    }

    @Test
    void metricsCountRunsByTaskAndStatus() {
        String task = createTask(task(unique("metrics"), null));
        assertEquals("SUCCEEDED", Runs.run(task).getString("status"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        String metrics;
        do {
            metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        } while (!metrics.contains("task=\"" + task + "\"") && Instant.now().isBefore(deadline));
        given().get("/q/metrics")
                .then()
                .body(containsString("usersync_runs_total{status=\"SUCCEEDED\",task=\"" + task + "\"}"))
                .body(containsString("usersync_run_duration_seconds_count{status=\"SUCCEEDED\",task=\"" + task + "\"}"))
                .body(containsString("usersync_objects_read_total{task=\"" + task + "\"}"));
    }
}
