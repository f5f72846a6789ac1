package io.usersync.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import io.usersync.user.AppUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every change writes its event in its transaction, and the change feed gives them back in order. */
@QuarkusTest
class ChangeEventsTest extends ApiTest {
    private static InMemoryDirectoryServer directory;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = DemoDirectory.start(0, 12);
    }

    @AfterAll
    static void stopDirectory() {
        directory.shutDown(true);
    }

    @BeforeEach
    void wipe() {
        SyncedStore.wipe();
    }

    static long last() {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) AppUser.getEntityManager()
                                .createNativeQuery("select coalesce(max(seq), 0) from change_event")
                                .getSingleResult())
                        .longValue());
    }

    /** Every event after the cursor that the query selects, following nextCursor. */
    static List<Map<String, Object>> events(long after, Map<String, Object> query) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = Long.toString(after);
        while (true) {
            JsonPath page = json().queryParams(query)
                    .queryParam("after", cursor)
                    .queryParam("limit", 200)
                    .get("/api/v1/changes")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            all.addAll(items);
            String next = page.getString("nextCursor");
            if (items.size() < 200) {
                return all;
            }
            cursor = next;
        }
    }

    static Map<String, Long> byType(List<Map<String, Object>> events) {
        return events.stream()
                .collect(Collectors.groupingBy(
                        e -> ((String) e.get("type")).substring("io.usersync.".length()), Collectors.counting()));
    }

    private static String dnOf(String login) throws Exception {
        return directory
                .search(AdLikeTree.BASE, SearchScope.SUB, Filter.createEqualityFilter("sAMAccountName", login), "1.1")
                .getSearchEntries()
                .get(0)
                .getDN();
    }

    @Test
    void aRunsEventsAreItsChangesWithRunFinishedLast() throws Exception {
        String task = createTask(demoDirectoryTask(
                unique("ev"), createGroup(unique("ev"), null), directory.getListenPort(), AdLikeTree.CORP));
        long before = last();
        JsonPath first = Runs.succeeded(task);
        List<Map<String, Object>> events = events(before, Map.of("taskId", task));
        Map<String, Long> types = byType(events);
        assertEquals(first.getLong("counts.usersCreated"), types.get("user.created"), types.toString());
        assertEquals(first.getLong("counts.groupsCreated"), types.get("group.created"), types.toString());
        assertEquals(first.getLong("counts.membershipsAdded"), types.get("membership.added"), types.toString());
        Map<String, Object> finished = events.get(events.size() - 1);
        assertEquals("io.usersync.run.finished", finished.get("type"));
        assertEquals("SUCCEEDED", ((Map<?, ?>) finished.get("data")).get("status"));
        assertEquals(first.getString("id"), finished.get("subject"));
        long previous = before;
        for (Map<String, Object> e : events) {
            assertEquals("1.0", e.get("specversion"));
            assertEquals("/usersync/tasks/" + task, e.get("source"));
            long id = Long.parseLong((String) e.get("id"));
            assertTrue(id > previous, "in order");
            previous = id;
        }
        Map<String, Object> created = events.stream()
                .filter(e -> e.get("type").equals("io.usersync.user.created"))
                .findFirst()
                .orElseThrow();
        Map<?, ?> data = (Map<?, ?>) created.get("data");
        Map<String, Object> shown = json().get("/api/v1/users/" + created.get("subject"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        for (String field : List.of(
                "id",
                "taskId",
                "externalId",
                "sid",
                "groupId",
                "username",
                "email",
                "dn",
                "enabled",
                "state",
                "attributes",
                "hasPhoto",
                "locked")) {
            assertEquals(shown.get(field), data.get(field), field + " as the API shows it");
        }
        assertFalse(data.containsKey("customAttributes"), "a run never changes customAttributes");

        // the lab's kind of change set: a changed title, a disabled account, one user gone
        directory.modify(dnOf("jnovak"), new Modification(ModificationType.REPLACE, "title", "Chief Tester"));
        directory.modify(dnOf("alovelace"), new Modification(ModificationType.REPLACE, "userAccountControl", "514"));
        directory.delete(dnOf("mhamilton"));
        long beforeChanges = last();
        JsonPath second = Runs.succeeded(task, Map.of("mode", "FULL"));
        List<Map<String, Object>> changed = events(beforeChanges, Map.of("taskId", task));
        Map<String, Long> changedTypes = byType(changed);
        assertEquals(1L, changedTypes.get("user.disabled"), changedTypes.toString());
        assertEquals(1L, changedTypes.get("user.removed"), changedTypes.toString());
        assertEquals(second.getLong("counts.membershipsRemoved"), changedTypes.getOrDefault("membership.removed", 0L));
        assertEquals("io.usersync.run.finished", changed.get(changed.size() - 1).get("type"));
        Map<?, ?> update = (Map<?, ?>) changed.stream()
                .filter(e -> e.get("type").equals("io.usersync.user.updated"))
                .filter(e -> ((Map<?, ?>) ((Map<?, ?>) e.get("data")).get("changes")).containsKey("jobTitle"))
                .findFirst()
                .orElseThrow()
                .get("data");
        Map<?, ?> title = (Map<?, ?>) ((Map<?, ?>) update.get("changes")).get("jobTitle");
        assertEquals("Chief Tester", title.get("after"), update.toString());
        assertNotNull(title.get("before"));
        List<Map<String, Object>> records = Runs.changes(second.getString("id"));
        assertEquals(
                records.stream().filter(r -> "REMOVED".equals(r.get("action"))).count(),
                changedTypes.get("user.removed"));
        // each UPDATED record is a user.updated for what changed besides enabled (the disabled account's
        // userAccountControl attribute changed too), and enabled's own event
        assertEquals(
                records.stream()
                        .filter(r -> "UPDATED".equals(r.get("action")))
                        .filter(r -> ((List<?>) r.get("changedFields")).stream().anyMatch(f -> !f.equals("enabled")))
                        .count(),
                changedTypes.get("user.updated"),
                records.toString());
    }

    @Test
    void aDryRunEmitsNothingAndABlockedRunOnlyRunFinished() throws Exception {
        Map<String, Object> body = demoDirectoryTask(
                unique("ev"), createGroup(unique("ev"), null), directory.getListenPort(), AdLikeTree.CORP);
        body.put("deleteThreshold", Map.of("maxCount", 1, "maxPercent", 1));
        String task = createTask(body);
        long before = last();
        JsonPath dry = Runs.succeeded(task, Map.of("dryRun", true));
        assertTrue(dry.getLong("counts.usersCreated") > 0);
        assertTrue(events(before, Map.of("taskId", task)).isEmpty(), "a dry run emits nothing");
        Runs.succeeded(task);

        String sales = "OU=Sales,OU=Corp," + AdLikeTree.BASE;
        List<String> removed = new ArrayList<>();
        for (var e :
                directory.search(sales, SearchScope.ONE, "(objectClass=user)").getSearchEntries()) {
            removed.add(e.getDN());
        }
        assertTrue(removed.size() > 1);
        var entries =
                directory.search(sales, SearchScope.ONE, "(objectClass=user)").getSearchEntries();
        for (String dn : removed) {
            directory.delete(dn);
        }
        try {
            long beforeBlocked = last();
            JsonPath blocked = Runs.run(task);
            assertEquals("BLOCKED_BY_THRESHOLD", blocked.getString("status"), blocked.prettify());
            List<Map<String, Object>> events = events(beforeBlocked, Map.of("taskId", task));
            assertEquals(1, events.size(), events.toString());
            assertEquals("io.usersync.run.finished", events.get(0).get("type"));
            assertEquals("BLOCKED_BY_THRESHOLD", ((Map<?, ?>) events.get(0).get("data")).get("status"));
        } finally {
            for (var e : entries) {
                directory.add(e);
            }
        }
    }

    @Test
    void changesThroughTheApiEmitTheSameEventsWithTheActor() {
        long before = last();
        String id = json().body(Map.of("username", unique("hand"), "customAttributes", Map.of("device", "NB-1")))
                .post("/api/v1/users")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        json().body(Map.of("username", "renamed-" + id.substring(0, 8), "customAttributes", Map.of("device", "NB-1")))
                .put("/api/v1/users/" + id)
                .then()
                .statusCode(200);
        json().body(Map.of("username", "renamed-" + id.substring(0, 8), "customAttributes", Map.of("device", "NB-2")))
                .put("/api/v1/users/" + id)
                .then()
                .statusCode(200);
        json().body(Map.of(
                        "username",
                        "renamed-" + id.substring(0, 8),
                        "enabled",
                        false,
                        "customAttributes",
                        Map.of("device", "NB-2")))
                .put("/api/v1/users/" + id)
                .then()
                .statusCode(200);
        json().queryParam("purge", true).delete("/api/v1/users/" + id).then().statusCode(204);

        List<Map<String, Object>> events = events(before, Map.of("types", "user.*")).stream()
                .filter(e -> id.equals(e.get("subject")))
                .toList();
        assertEquals(
                List.of(
                        "io.usersync.user.created",
                        "io.usersync.user.updated",
                        "io.usersync.user.updated",
                        "io.usersync.user.disabled",
                        "io.usersync.user.removed",
                        "io.usersync.user.purged"),
                events.stream().map(e -> e.get("type")).toList());
        for (Map<String, Object> e : events) {
            assertEquals("/usersync/api", e.get("source"));
            assertNotNull(e.get("actor"), e.toString());
        }
        Map<?, ?> created = (Map<?, ?>) events.get(0).get("data");
        assertEquals(Map.of("device", "NB-1"), created.get("customAttributes"));
        Map<?, ?> renamed = (Map<?, ?>) events.get(1).get("data");
        assertTrue(((Map<?, ?>) renamed.get("changes")).containsKey("username"), renamed.toString());
        assertFalse(renamed.containsKey("customAttributes"), "unchanged customAttributes stay out");
        Map<?, ?> device = (Map<?, ?>) events.get(2).get("data");
        assertEquals(Map.of("device", "NB-2"), device.get("customAttributes"));
        assertEquals(
                Map.of("before", Map.of("device", "NB-1"), "after", Map.of("device", "NB-2")),
                ((Map<?, ?>) device.get("changes")).get("customAttributes"));
        assertEquals(false, ((Map<?, ?>) events.get(3).get("data")).get("enabled"));
        assertNotNull(((Map<?, ?>) events.get(4).get("data")).get("removedAt"));
    }

    @Test
    void theFeedPagesFiltersAndSaysWhenACursorIsTooOld() {
        long before = last();
        for (int i = 0; i < 3; i++) {
            createGroup(unique("feed"), null);
        }
        List<String> ids = new ArrayList<>();
        String cursor = Long.toString(before);
        for (int i = 0; i < 3; i++) {
            JsonPath page = json().queryParam("after", cursor)
                    .queryParam("limit", 1)
                    .queryParam("types", "group.created")
                    .get("/api/v1/changes")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            ids.add(page.getString("items[0].id"));
            cursor = page.getString("nextCursor");
            assertEquals(ids.get(i), cursor);
        }
        assertEquals(3, ids.stream().distinct().count());
        assertTrue(events(before, Map.of("types", "user.*,membership.*")).stream()
                .noneMatch(e -> ((String) e.get("type")).contains("group.")));

        json().queryParam("after", "abc").get("/api/v1/changes").then().statusCode(400);
        json().queryParam("limit", 0).get("/api/v1/changes").then().statusCode(400);
        json().queryParam("types", "device.*").get("/api/v1/changes").then().statusCode(400);

        long floor = last();
        QuarkusTransaction.requiringNew()
                .run(() -> AppUser.getEntityManager()
                        .createNativeQuery("update change_event_floor set seq = ?1")
                        .setParameter(1, floor)
                        .executeUpdate());
        try {
            JsonPath gone = json().queryParam("after", before)
                    .get("/api/v1/changes")
                    .then()
                    .statusCode(410)
                    .extract()
                    .jsonPath();
            assertEquals(Long.toString(floor), gone.getString("oldestCursor"));
        } finally {
            QuarkusTransaction.requiringNew()
                    .run(() -> AppUser.getEntityManager()
                            .createNativeQuery("update change_event_floor set seq = 0")
                            .executeUpdate());
        }
    }
}
