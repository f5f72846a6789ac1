package io.usersync.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.usersync.support.ApiTest;
import io.usersync.support.TestSecrets;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Delivery to a receiver on loopback (allowed here by the allowlist): ordered, signed batches of the configured
 * size; retries with backoff and Retry-After until the receiver recovers, every event once and in order; no
 * redirects followed; the test ping; redelivery from an event id; FAILING after the retry period.
 */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.Loopback.class)
class WebhookDeliveryTest extends ApiTest {
    static final ObjectMapper JSON = new ObjectMapper();

    public static class Loopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "usersync.webhook.allow-http", "true",
                    "usersync.webhook.host-allowlist", "127.0.0.1",
                    "usersync.webhook.tick", "200ms",
                    "usersync.webhook.retry-initial", "200ms",
                    "usersync.webhook.retry-max", "1s",
                    "usersync.webhook.lease", "5s");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookRetention retention;

    WebhookReceiver receiver;
    final List<String> subscriptions = new ArrayList<>();

    @BeforeEach
    void receiver() throws IOException {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void cleanUp() {
        subscriptions.forEach(id -> given().delete("/api/v1/webhooks/" + id));
        subscriptions.clear();
        receiver.close();
    }

    /** Creates a subscription to the receiver; its id and secret. */
    String[] subscribe(Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.putIfAbsent("url", receiver.url("/hook"));
        var r = json().body(body)
                .post("/api/v1/webhooks")
                .then()
                .statusCode(201)
                .extract();
        String secret = r.path("secret");
        TestSecrets.remember(secret);
        subscriptions.add(r.path("id"));
        return new String[] {r.path("id"), secret};
    }

    /** Writes n events of a type in one transaction; the first and last id. */
    long[] events(int n, String type) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        insert into change_event (type, subject, data)
                        select ?, gen_random_uuid(), jsonb_build_object('n', g) from generate_series(1, ?) g
                        returning seq""")) {
            s.setString(1, type);
            s.setInt(2, n);
            long first = Long.MAX_VALUE;
            long last = 0;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    first = Math.min(first, r.getLong(1));
                    last = Math.max(last, r.getLong(1));
                }
            }
            return new long[] {first, last};
        }
    }

    static void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The event ids of the requests the receiver answered 2xx, in arrival order. */
    List<Long> acceptedIds(List<WebhookReceiver.Received> accepted) {
        List<Long> ids = new ArrayList<>();
        for (WebhookReceiver.Received r : accepted) {
            for (JsonNode e : parse(r.body())) {
                ids.add(Long.parseLong(e.get("id").asText()));
            }
        }
        return ids;
    }

    static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(body), e);
        }
    }

    static List<Long> range(long first, long last) {
        List<Long> ids = new ArrayList<>();
        for (long i = first; i <= last; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void orderedSignedBatchesOfTheConfiguredSize() throws Exception {
        String[] all = subscribe(Map.of());
        String[] groups = subscribe(Map.of("url", receiver.url("/groups"), "events", List.of("group.*")));
        long[] users = events(1200, "user.created");
        long[] group = events(3, "group.created");

        await(
                "1203 events at /hook",
                Duration.ofSeconds(20),
                () -> receiver.requests.stream()
                                .filter(r -> r.path().equals("/hook"))
                                .mapToInt(r -> parse(r.body()).size())
                                .sum()
                        >= 1203);
        await(
                "3 events at /groups",
                Duration.ofSeconds(10),
                () -> receiver.requests.stream().anyMatch(r -> r.path().equals("/groups")));

        List<WebhookReceiver.Received> hook =
                receiver.requests.stream().filter(r -> r.path().equals("/hook")).toList();
        List<Long> expected = range(users[0], users[1]);
        expected.addAll(range(group[0], group[1]));
        assertEquals(expected, acceptedIds(hook), "every event once, in order");
        for (WebhookReceiver.Received r : hook) {
            assertTrue(parse(r.body()).size() <= 500, "at most USERSYNC_WEBHOOK_BATCH events a POST");
            assertEquals("application/cloudevents-batch+json", r.header("Content-Type"));
            assertEquals("usersync", r.header("User-Agent"));
            JsonNode events = parse(r.body());
            assertEquals(
                    "msg_" + events.get(0).get("id").asText() + "_"
                            + events.get(events.size() - 1).get("id").asText(),
                    r.header("webhook-id"));
            StandardWebhooksVerifier.verify(
                    all[1],
                    r.header("webhook-id"),
                    r.header("webhook-timestamp"),
                    r.header("webhook-signature"),
                    r.body());
        }
        assertEquals(500, parse(hook.get(0).body()).size(), "a full first batch");
        JsonNode first = parse(hook.get(0).body()).get(0);
        assertEquals("1.0", first.get("specversion").asText());
        assertEquals("io.usersync.user.created", first.get("type").asText());
        assertEquals(1, first.get("data").get("n").asInt());

        List<WebhookReceiver.Received> groupRequests = receiver.requests.stream()
                .filter(r -> r.path().equals("/groups"))
                .toList();
        assertEquals(range(group[0], group[1]), acceptedIds(groupRequests), "only the group events");
        StandardWebhooksVerifier.verify(
                groups[1],
                groupRequests.get(0).header("webhook-id"),
                groupRequests.get(0).header("webhook-timestamp"),
                groupRequests.get(0).header("webhook-signature"),
                groupRequests.get(0).body());

        await(
                "the cursor moved to the last event",
                Duration.ofSeconds(5),
                () -> Long.toString(group[1])
                        .equals(given().get("/api/v1/webhooks/" + all[0])
                                .then()
                                .extract()
                                .path("cursor")));
        given().get("/api/v1/webhooks/" + all[0] + "/deliveries")
                .then()
                .statusCode(200)
                .body("items[0].kind", equalTo("EVENTS"))
                .body("items[0].httpStatus", equalTo(200))
                .body("items[0].lastEventId", equalTo(Long.toString(group[1])))
                .body("items[0].instance", startsWith("usersync-"));
    }

    @Test
    void aFailingReceiverGetsEveryEventOnceInOrderAfterItRecovers() throws Exception {
        long downUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        receiver.answer = r -> System.nanoTime() < downUntil
                ? new WebhookReceiver.Answer(503, Map.of(), 0)
                : WebhookReceiver.Answer.ok();
        String[] s = subscribe(Map.of());
        long[] ids = events(120, "user.updated");
        long[] more = new long[2];
        Thread.sleep(500);
        long[] later = events(30, "user.updated");
        more[0] = later[0];
        more[1] = later[1];

        await(
                "all 150 events accepted",
                Duration.ofSeconds(20),
                () -> acceptedIds(accepted()).size() >= 150);
        List<Long> expected = range(ids[0], ids[1]);
        expected.addAll(range(more[0], more[1]));
        assertEquals(expected, acceptedIds(accepted()), "every event once, in order, after the recovery");

        List<WebhookReceiver.Received> failed =
                receiver.requests.stream().filter(r -> r.status() == 503).toList();
        assertTrue(failed.size() >= 2, "retried while the receiver failed: " + failed.size());
        // a retry starts at the same event (a batch that grew meanwhile is a new message, with a new id)
        assertEquals(
                parse(failed.get(0).body()).get(0).get("id"),
                parse(failed.get(1).body()).get(0).get("id"));
        List<Map<String, Object>> deliveries = given().queryParam("size", 100)
                .get("/api/v1/webhooks/" + s[0] + "/deliveries")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
        assertTrue(
                deliveries.stream()
                        .anyMatch(d -> Integer.valueOf(503).equals(d.get("httpStatus"))
                                && String.valueOf(d.get("error")).startsWith("HTTP 503")),
                deliveries.toString());
        assertEquals(200, deliveries.get(0).get("httpStatus"), "newest first: the success");
        given().get("/api/v1/webhooks/" + s[0])
                .then()
                .body("status", equalTo("ACTIVE"))
                .body("lastError", org.hamcrest.Matchers.nullValue());
    }

    List<WebhookReceiver.Received> accepted() {
        return receiver.requests.stream().filter(r -> r.status() == 200).toList();
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        AtomicLong calls = new AtomicLong();
        receiver.answer = r -> calls.incrementAndGet() == 1
                ? new WebhookReceiver.Answer(429, Map.of("Retry-After", "2"), 0)
                : WebhookReceiver.Answer.ok();
        subscribe(Map.of());
        events(5, "user.created");
        await("a retry", Duration.ofSeconds(10), () -> receiver.requests.size() >= 2);
        List<WebhookReceiver.Received> r = List.copyOf(receiver.requests);
        long gap = Duration.ofNanos(r.get(1).atNanos() - r.get(0).atNanos()).toMillis();
        assertTrue(gap >= 1900, "waited for Retry-After (2 s), not the backoff (at most 1 s): " + gap + " ms");
        assertEquals(r.get(0).header("webhook-id"), r.get(1).header("webhook-id"), "the same batch, the same message");
        assertEquals(new String(r.get(0).body()), new String(r.get(1).body()));
    }

    @Test
    void theTestPingIsSignedAndRecordedAndRedirectsAreNotFollowed() throws Exception {
        Map<String, Object> disabled = new LinkedHashMap<>();
        disabled.put("enabled", false);
        String[] s = subscribe(disabled);
        given().post("/api/v1/webhooks/" + s[0] + "/test")
                .then()
                .statusCode(200)
                .body("kind", equalTo("TEST"))
                .body("httpStatus", equalTo(200))
                .body("eventCount", equalTo(1));
        WebhookReceiver.Received ping = receiver.requests.peek();
        JsonNode event = parse(ping.body()).get(0);
        assertEquals("io.usersync.webhook.ping", event.get("type").asText());
        assertTrue(event.get("id").asText().startsWith("ping-"));
        StandardWebhooksVerifier.verify(
                s[1],
                ping.header("webhook-id"),
                ping.header("webhook-timestamp"),
                ping.header("webhook-signature"),
                ping.body());
        given().get("/api/v1/webhooks/" + s[0] + "/deliveries")
                .then()
                .body("items[0].kind", equalTo("TEST"))
                .body("total", equalTo(1));

        receiver.answer = r -> r.path().equals("/hook")
                ? new WebhookReceiver.Answer(302, Map.of("Location", "http://elsewhere.example/landing"), 0)
                : WebhookReceiver.Answer.ok();
        given().post("/api/v1/webhooks/" + s[0] + "/test")
                .then()
                .statusCode(200)
                .body("httpStatus", equalTo(302))
                .body("error", containsString("redirect to elsewhere.example was not followed"));
        assertEquals(2, receiver.requests.size(), "nothing followed the redirect");

        receiver.answer = r -> new WebhookReceiver.Answer(500, Map.of(), 0);
        given().post("/api/v1/webhooks/" + s[0] + "/test")
                .then()
                .statusCode(200)
                .body("httpStatus", equalTo(500))
                .body("error", startsWith("HTTP 500"));
    }

    @Test
    void redeliverSendsAgainFromAnEvent() throws Exception {
        String[] s = subscribe(Map.of());
        long[] ids = events(10, "user.created");
        await(
                "10 events",
                Duration.ofSeconds(10),
                () -> acceptedIds(List.copyOf(receiver.requests)).size() >= 10);
        receiver.requests.clear();

        json().body(Map.of("fromEventId", Long.toString(ids[0] + 5)))
                .post("/api/v1/webhooks/" + s[0] + "/redeliver")
                .then()
                .statusCode(202)
                .body("status", equalTo("ACTIVE"));
        await(
                "the last 5 again",
                Duration.ofSeconds(10),
                () -> acceptedIds(List.copyOf(receiver.requests)).size() >= 5);
        assertEquals(range(ids[0] + 5, ids[1]), acceptedIds(List.copyOf(receiver.requests)));

        receiver.requests.clear();
        json().body("{\"fromEventId\": " + ids[1] + "}")
                .post("/api/v1/webhooks/" + s[0] + "/redeliver")
                .then()
                .statusCode(202);
        await("the last one again", Duration.ofSeconds(10), () -> !receiver.requests.isEmpty());

        json().body(Map.of("fromEventId", "12x"))
                .post("/api/v1/webhooks/" + s[0] + "/redeliver")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("fromEventId"));
        json().body(Map.of("fromEventId", Long.toString(ids[1] + 1000)))
                .post("/api/v1/webhooks/" + s[0] + "/redeliver")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("fromEventId"));
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().executeUpdate("update change_event_floor set seq = " + (ids[0] + 2));
            try {
                json().body(Map.of("fromEventId", Long.toString(ids[0] + 1)))
                        .post("/api/v1/webhooks/" + s[0] + "/redeliver")
                        .then()
                        .statusCode(410)
                        .body("oldestEventId", equalTo(Long.toString(ids[0] + 3)));
            } finally {
                c.createStatement().executeUpdate("update change_event_floor set seq = 0");
            }
        }
    }

    @Test
    void aSubscriptionFailingPastTheRetryPeriodStopsUntilItIsChanged() throws Exception {
        receiver.answer = r -> new WebhookReceiver.Answer(500, Map.of(), 0);
        String[] s = subscribe(Map.of());
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "update webhook_subscription set failing_since = now() - interval '25 hours' where id = ?::uuid")) {
            p.setString(1, s[0]);
            p.executeUpdate();
        }
        events(3, "user.created");
        await(
                "FAILING",
                Duration.ofSeconds(10),
                () -> "FAILING"
                        .equals(given().get("/api/v1/webhooks/" + s[0])
                                .then()
                                .extract()
                                .path("status")));
        int tried = receiver.requests.size();
        Thread.sleep(1000);
        assertEquals(tried, receiver.requests.size(), "a FAILING subscription is not tried again");

        receiver.answer = r -> WebhookReceiver.Answer.ok();
        Map<String, Object> moved = new LinkedHashMap<>();
        moved.put("url", receiver.url("/moved"));
        json().body(moved)
                .put("/api/v1/webhooks/" + s[0])
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
        await(
                "the events at the new url",
                Duration.ofSeconds(10),
                () -> receiver.requests.stream().anyMatch(r -> r.path().equals("/moved")));
    }

    @Test
    void deliveryRecordsPastTheRunRetentionArePurged() throws Exception {
        String[] s = subscribe(Map.of());
        given().post("/api/v1/webhooks/" + s[0] + "/test").then().statusCode(200);
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("""
                        insert into webhook_delivery (subscription_id, kind, attempted_at)
                        values (?::uuid, 'TEST', now() - interval '91 days')""")) {
            p.setString(1, s[0]);
            p.executeUpdate();
        }
        assertTrue(retention.purge() >= 1);
        given().get("/api/v1/webhooks/" + s[0] + "/deliveries").then().body("total", equalTo(1));
    }

    /**
     * Not a unit test: run with -Dwebhook.throughput=400000 to measure delivering that many events (batches of
     * 500) to a receiver on loopback; it prints the figure.
     */
    @Test
    @EnabledIfSystemProperty(named = "webhook.throughput", matches = "[0-9]+")
    void throughput() throws Exception {
        int n = Integer.parseInt(System.getProperty("webhook.throughput"));
        AtomicLong received = new AtomicLong();
        receiver.record = false;
        receiver.answer = r -> {
            String[] range = r.header("webhook-id").split("_");
            received.addAndGet(Long.parseLong(range[2]) - Long.parseLong(range[1]) + 1);
            return WebhookReceiver.Answer.ok();
        };
        subscribe(Map.of());
        long start = System.nanoTime();
        events(n, "user.created");
        long written = System.nanoTime();
        await(n + " events", Duration.ofMinutes(5), () -> received.get() >= n);
        long done = System.nanoTime();
        System.out.printf(
                "WEBHOOK THROUGHPUT: wrote %d events in %d ms, delivered them in %d ms (%.0f events/s)%n",
                n, (written - start) / 1_000_000, (done - written) / 1_000_000, n / ((done - written) / 1e9));
    }
}
