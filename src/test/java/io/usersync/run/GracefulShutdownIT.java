package io.usersync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.PackagedInstance;
import io.usersync.support.TestCredentials;
import io.usersync.support.TestSecrets;
import io.usersync.support.ThrottlingProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances on one database; a run reads slowly through a throttling proxy and its
 * holder gets SIGTERM mid-read. The holder keeps the lease through the grace period (longer than the
 * lease itself), hands the run back, and the other instance runs it to the end: SUCCEEDED, never
 * FAILED or ABANDONED on the way, every user stored, no error line in either log. One instance logs
 * JSON, the other plain text; both carry the run's ids on the lines it logs.
 */
class GracefulShutdownIT {
    static final String SCHEMA = "usersync_it_shutdown";
    static final int USERS = 1500;
    static InMemoryDirectoryServer directory;
    static ThrottlingProxy slow;
    static PackagedInstance json;
    static PackagedInstance plain;

    @BeforeAll
    static void start() throws Exception {
        TestCredentials.install();
        directory = DemoDirectory.start(0, USERS);
        // about 0.9 MB of entries at 60 kB/s: a read of some 15 s
        slow = new ThrottlingProxy(directory.getListenPort(), 60_000);
        PackagedInstance.dropSchemas(SCHEMA);
        json = PackagedInstance.start("shutdown-json", variables("J", "json"));
        plain = PackagedInstance.start("shutdown-plain", variables("P", "plain"));
        json.awaitReady(Duration.ofSeconds(120));
        plain.awaitReady(Duration.ofSeconds(120));
    }

    static Map<String, String> variables(String name, String logFormat) {
        Map<String, String> v = new HashMap<>();
        v.put("USERSYNC_SECRET_KEY", PackagedInstance.SECRET_KEY);
        v.put("USERSYNC_BOOTSTRAP_TOKEN", TestSecrets.BOOTSTRAP_TOKEN);
        v.put("USERSYNC_DB_NAME", PackagedInstance.testDatabase());
        v.put("USERSYNC_DB_SCHEMA", SCHEMA);
        v.put("USERSYNC_INSTANCE_ID", name);
        v.put("USERSYNC_LOG_FORMAT", logFormat);
        v.put("USERSYNC_PAGE_SIZE", "50");
        // a grace longer than the lease: the stopping holder must renew it or the other would take the run for
        // abandoned
        v.put("USERSYNC_RUN_LEASE", "3s");
        v.put("USERSYNC_RUN_GRACE", "5s");
        return v;
    }

    @AfterAll
    static void stop() throws Exception {
        for (PackagedInstance i : new PackagedInstance[] {json, plain}) {
            if (i != null) {
                i.close();
            }
        }
        slow.close();
        directory.shutDown(true);
    }

    @Test
    void aRunHeldBySigtermedInstanceIsHandedBackAndEndsOnTheOther() throws Exception {
        String group = json.createGroup("Shutdown");
        String task = json.createTask("Slow directory", group, slow.port());
        String runId = json.triggerRun(task);

        List<String> seen = new ArrayList<>();
        Map<String, Object> reading = awaitRun(
                runId,
                seen,
                r -> "RUNNING".equals(r.get("status")) && ((Number) r.getOrDefault("objectsRead", 0)).longValue() > 0,
                Duration.ofSeconds(30));
        String holderId = String.valueOf(reading.get("instance"));
        PackagedInstance holder = holderId.startsWith("J") ? json : plain;
        PackagedInstance other = holder == json ? plain : json;

        holder.process().destroy();
        Instant signalled = Instant.now();
        // whoever runs it next reads at full speed; the holder's connection stays slow
        slow.throttleNewConnections(false);
        Map<String, Object> handedBack =
                awaitRun(runId, seen, r -> !holderId.equals(r.get("instance")), Duration.ofSeconds(40));
        assertTrue(
                Duration.between(signalled, Instant.now()).compareTo(Duration.ofSeconds(4)) > 0,
                "the run left its holder before the grace period was over: " + handedBack);
        Map<String, Object> ended = awaitRun(
                runId,
                seen,
                r -> !"QUEUED".equals(r.get("status")) && !"RUNNING".equals(r.get("status")),
                Duration.ofSeconds(60));

        assertEquals("SUCCEEDED", ended.get("status"), ended.toString());
        assertFalse(seen.contains("FAILED"), "the run passed through FAILED: " + seen);
        assertNotEquals(holderId, ended.get("instance"));
        assertEquals(USERS, other.users(task));
        assertTrue(holder.process().waitFor(30, TimeUnit.SECONDS), "the holder did not exit");

        assertEquals(List.of(), holder.errorLines(), "error lines in " + holder.name());
        assertEquals(List.of(), other.errorLines(), "error lines in " + other.name());
        assertTrue(
                holder.logLines().stream()
                        .anyMatch(
                                l -> l.contains("run " + runId + " handed back to the queue") && carriesRun(l, runId)),
                "the holder's log does not say it handed the run back, with the run's id in the MDC");
        assertTrue(
                other.logLines().stream()
                        .anyMatch(l -> l.contains("SyncEngine") && carriesRun(l, runId) && l.contains(task)),
                "the other instance's run lines lack the run's and task's ids");
        assertTrue(
                json.logLines().stream().filter(l -> !l.isBlank()).allMatch(l -> l.startsWith("{")),
                "not one JSON object a line");
        assertTrue(
                other.logLines().stream().noneMatch(l -> l.contains("abandoned")),
                "the other instance took the run for abandoned");
    }

    static boolean carriesRun(String line, String runId) {
        return line.contains("\"runId\":\"" + runId + "\"") || line.contains("runId=" + runId);
    }

    /** Polls the run through whichever instance still answers, noting each status it passes through. */
    static Map<String, Object> awaitRun(
            String runId, List<String> seen, Predicate<Map<String, Object>> wanted, Duration within)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        Map<String, Object> last = null;
        while (Instant.now().isBefore(deadline)) {
            for (PackagedInstance via : List.of(plain, json)) {
                if (!via.process().isAlive()) {
                    continue;
                }
                try {
                    last = via.run(runId);
                } catch (RuntimeException | AssertionError e) {
                    continue;
                }
                String status = String.valueOf(last.get("status"));
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                    seen.add(status);
                }
                if (wanted.test(last)) {
                    return last;
                }
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run did not get there within " + within + ": " + last + ", statuses " + seen);
    }
}
