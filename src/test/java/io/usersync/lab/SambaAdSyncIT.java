package io.usersync.lab;

import static io.restassured.RestAssured.given;
import static io.usersync.support.DnMatcher.sameDn;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.usersync.support.Runs;
import io.usersync.support.ScopeShrink;
import io.usersync.support.SyncedStore;
import io.usersync.support.TestSecrets;
import io.usersync.webhook.StandardWebhooksVerifier;
import io.usersync.webhook.WebhookReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** The sync engine against a real Samba AD DC over LDAPS with the lab's CA, its member ranges read in small steps. */
@QuarkusTest
@TestProfile(SmallRanges.class)
class SambaAdSyncIT extends SambaSyncTest {
    private static Map<String, Object> body(String login, String pem) {
        Map<String, Object> body = localDirectoryTask(
                "samba", "ACTIVE_DIRECTORY", 636, "LDAPS", login, SambaDc.PASSWORD, List.of(SambaDc.BASE));
        directoryOf(body).put("trustedCertificatesPem", pem);
        body.put("userExtinctionHandling", "REMOVE");
        return body;
    }

    @Test
    void ldapsFullSyncReadsEverythingThroughPagesAndRanges() {
        String task = createTask(body(SambaDc.LOGIN, dc.caPem));
        JsonPath run = Runs.succeeded(task);
        int users = dc.seed.users();
        assertEquals(users, run.getInt("counts.usersCreated"), "computers and contacts are not users");
        assertEquals(11, run.getInt("counts.groupsCreated"), "6 OUs and 5 groups");
        assertEquals(2 * users + 3, run.getInt("counts.membershipsAdded"));
        assertEquals(
                users,
                SyncedStore.memberCount(SyncedStore.groupId(task, "All Staff")),
                "a group over 1,500 members, read in ranges");
        given().queryParam("q", "u00005@")
                .get("/api/v1/users")
                .then()
                .body("items[0].dn", sameDn(dc.seed.escapedUserDn()))
                .body("items[0].sid", startsWith("S-1-5-21-"))
                .body("items[0].externalId", Matchers.matchesPattern("[0-9a-f-]{36}"));
        given().queryParam("q", "u00004@").get("/api/v1/users").then().body("items[0].enabled", equalTo(false));
        int disabled = given().queryParam("taskId", task)
                        .queryParam("size", 1000)
                        .get("/api/v1/users")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items.findAll { !it.enabled }")
                        .size()
                + given().queryParam("taskId", task)
                        .queryParam("size", 1000)
                        .queryParam("page", 1)
                        .get("/api/v1/users")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items.findAll { !it.enabled }")
                        .size();
        assertEquals(dc.seed.disabled(), disabled);
        given().queryParam("q", "WS-0001").get("/api/v1/users").then().body("total", equalTo(0));
        given().queryParam("q", "auditor").get("/api/v1/users").then().body("total", equalTo(0));
    }

    /**
     * Identity by objectGUID through a rename, a move and a disable, and removal on deletion. A webhook
     * subscribed to the task gets, signed and in order, exactly the events of each run's change records, its
     * run.finished last.
     */
    @Test
    void renameMoveDisableKeepTheObjectGuidIdentityAndDeletionRemoves() throws Exception {
        try (LabChanges lab = LabChanges.onSamba();
                WebhookReceiver receiver = new WebhookReceiver()) {
            String dn = lab.addUser(dc.seed.salesDn(), "Temp Person", "temp.person");
            lab.addMember(dc.seed.bigGroupDn(), dn);
            String task = createTask(body(SambaDc.UPN, dc.caPem));
            String secret = json().body(Map.of("url", receiver.url("/hook"), "taskIds", List.of(task)))
                    .post("/api/v1/webhooks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("secret");
            TestSecrets.remember(secret);
            JsonPath first = Runs.succeeded(task);
            List<JsonNode> seeded = eventsUntilRunFinished(receiver, secret, first.getString("id"), 0);
            assertEquals(expectedEvents(first), countByType(seeded));
            assertEquals(
                    first.getLong("counts.usersCreated"), countByType(seeded).get("user.created"));
            String id = given().queryParam("q", "temp.person")
                    .queryParam("taskId", task)
                    .get("/api/v1/users")
                    .then()
                    .body("total", equalTo(1))
                    .body("items[0].enabled", equalTo(true))
                    .extract()
                    .path("items[0].id");
            String moved = lab.renameAndMove(dn, "Temp Renamed", dc.seed.platformDn());
            lab.setDisabled(moved, true);
            lab.removeMember(dc.seed.bigGroupDn(), moved);
            JsonPath run = Runs.run(task);
            assertEquals(1, run.getInt("counts.usersUpdated"), run.prettify());
            List<JsonNode> changed = eventsUntilRunFinished(receiver, secret, run.getString("id"), seeded.size());
            assertEquals(expectedEvents(run), countByType(changed));
            assertEquals(1L, countByType(changed).get("user.disabled"));
            assertEquals(1L, countByType(changed).get("membership.removed"));
            given().get("/api/v1/users/" + id)
                    .then()
                    .body("dn", sameDn(moved))
                    .body("enabled", equalTo(false))
                    .body("groups.find { it.relation == 'HOME' }.name", equalTo("Platform"));
            lab.delete(moved);
            JsonPath removed = Runs.run(task);
            assertEquals(1, removed.getInt("counts.usersRemoved"), removed.prettify());
            List<JsonNode> gone =
                    eventsUntilRunFinished(receiver, secret, removed.getString("id"), seeded.size() + changed.size());
            assertEquals(expectedEvents(removed), countByType(gone));
            given().get("/api/v1/users/" + id).then().statusCode(410);
        }
    }

    /** The events a run's change records and counts stand for, by type. */
    private static Map<String, Long> expectedEvents(JsonPath run) {
        Map<String, Long> expected = new TreeMap<>();
        for (Map<String, Object> r : Runs.changes(run.getString("id"))) {
            String kind = "USER".equals(r.get("objectType")) ? "user." : "group.";
            List<?> fields = r.get("changedFields") == null ? List.of() : (List<?>) r.get("changedFields");
            switch ((String) r.get("action")) {
                case "CREATED" -> expected.merge(kind + "created", 1L, Long::sum);
                case "REMOVED" -> expected.merge(kind + "removed", 1L, Long::sum);
                case "UPDATED" -> {
                    if (fields.contains("enabled")) {
                        expected.merge("user.disabled", 1L, Long::sum);
                    }
                    if (fields.stream().anyMatch(f -> !f.equals("enabled"))) {
                        expected.merge(kind + "updated", 1L, Long::sum);
                    }
                }
                default -> {}
            }
        }
        expected.merge("membership.added", run.getLong("counts.membershipsAdded"), Long::sum);
        expected.merge("membership.removed", run.getLong("counts.membershipsRemoved"), Long::sum);
        expected.put("run.finished", 1L);
        expected.values().removeIf(n -> n == 0);
        return expected;
    }

    @Test
    void thresholdBlocksMassRemovalAndDryRunWritesNothing() {
        Map<String, Object> body = body(SambaDc.LOGIN, dc.caPem);
        String task = createTask(body);
        Runs.succeeded(task);
        ScopeShrink.thresholdBlocksDryRunCountsAllowApplies(task, body, dc.seed.platformDn());
    }

    /** Two tasks over the same users collide by objectSid: SKIP records them, OVERWRITE takes them over. */
    @Test
    void sidCollisionsFollowThePolicy() {
        Map<String, Object> owner = body(SambaDc.LOGIN, dc.caPem);
        owner.put("baseDns", List.of(dc.seed.platformDn()));
        String first = createTask(owner);
        JsonPath owned = Runs.run(first);
        int users = owned.getInt("counts.usersCreated");
        assertTrue(users > 0, owned.prettify());

        Map<String, Object> skipper = body(SambaDc.LOGIN, dc.caPem);
        skipper.put("baseDns", List.of(dc.seed.platformDn()));
        JsonPath skipped = Runs.run(createTask(skipper));
        assertEquals(users, skipped.getInt("counts.collisions"), skipped.prettify());
        assertEquals(0, skipped.getInt("counts.usersCreated"));
        assertEquals(users, SyncedStore.userCount(first));

        Map<String, Object> taker = body(SambaDc.LOGIN, dc.caPem);
        taker.put("baseDns", List.of(dc.seed.platformDn()));
        taker.put("collisionHandling", "OVERWRITE");
        String overwriter = createTask(taker);
        JsonPath taken = Runs.run(overwriter);
        assertEquals(users, taken.getInt("counts.collisions"), taken.prettify());
        assertEquals(users, SyncedStore.userCount(overwriter));
        assertEquals(0, SyncedStore.userCount(first));
    }

    @Test
    void untrustedCertificateAndWrongPasswordFailWithTheirCategories() {
        String untrusted = createTask(body(SambaDc.LOGIN, null));
        JsonPath tls = Runs.run(untrusted);
        assertEquals("FAILED", tls.getString("status"));
        assertEquals("TLS_UNTRUSTED_CERTIFICATE", tls.getString("failureCategory"), tls.prettify());

        Map<String, Object> wrong = body(SambaDc.LOGIN, dc.caPem);
        directoryOf(wrong).put("password", "not-the-password");
        JsonPath bad = Runs.run(createTask(wrong));
        assertEquals("INVALID_CREDENTIALS", bad.getString("failureCategory"), bad.prettify());
        assertTrue(bad.getString("failureReason").contains("52e"), bad.getString("failureReason"));
    }

    /** Random changes between runs: an incremental run (uSNChanged and tombstones) must end where a full run ends. */
    @Test
    void incrementalRunsEndWhereFullRunsEnd() throws Exception {
        try (var admin = SambaDc.admin()) {
            DifferentialSync.assertIncrementalMatchesFull(
                    admin,
                    true,
                    SambaDc.DOMAIN_BASE,
                    scope -> {
                        Map<String, Object> body = body(SambaDc.LOGIN, dc.caPem);
                        body.put("baseDns", List.of(scope));
                        body.put("groupExtinctionHandling", "REMOVE");
                        body.put("deleteThreshold", Map.of());
                        return createTask(body);
                    },
                    5,
                    12);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The events the receiver got, in arrival order, from the {@code skip}-th on, once the run's run.finished
     * arrived; every request's signature is checked. Nothing arrives twice here: the receiver always answers 200.
     */
    private static List<JsonNode> eventsUntilRunFinished(
            WebhookReceiver receiver, String secret, String runId, int skip) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<JsonNode> events = new ArrayList<>();
            for (WebhookReceiver.Received r : receiver.requests) {
                StandardWebhooksVerifier.verify(secret, r);
                assertEquals("application/cloudevents-batch+json", r.header("Content-Type"));
                JSON.readTree(r.body()).forEach(events::add);
            }
            List<JsonNode> mine = events.subList(Math.min(skip, events.size()), events.size());
            if (!mine.isEmpty()) {
                JsonNode last = mine.get(mine.size() - 1);
                if (last.path("type").asText().equals("io.usersync.run.finished")
                        && last.path("subject").asText().equals(runId)) {
                    long previous = 0;
                    for (JsonNode e : events) {
                        long id = Long.parseLong(e.path("id").asText());
                        assertTrue(id > previous, "in order, once each");
                        previous = id;
                    }
                    return new ArrayList<>(mine);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + "'s run.finished did not arrive: " + mine.size() + " events");
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, Long> countByType(List<JsonNode> events) {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode e : events) {
            counts.merge(e.path("type").asText().substring("io.usersync.".length()), 1L, Long::sum);
        }
        return counts;
    }
}
