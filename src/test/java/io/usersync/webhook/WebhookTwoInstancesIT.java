package io.usersync.webhook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.usersync.support.PackagedInstance;
import io.usersync.support.TestCredentials;
import io.usersync.support.TestSecrets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances deliver one subscription; the one holding its lease is killed (kill -9) while the
 * receiver holds a batch. The other takes the subscription over once the lease expires and sends the
 * unacknowledged batch again: every event arrives at least once, in order.
 */
class WebhookTwoInstancesIT {
    static final String SCHEMA = "usersync_webhook_two_instances";
    static final ObjectMapper JSON = new ObjectMapper();
    static PackagedInstance a;
    static PackagedInstance b;
    static WebhookReceiver receiver;

    static Map<String, String> env(String name) {
        return Map.ofEntries(
                Map.entry("USERSYNC_SECRET_KEY", PackagedInstance.SECRET_KEY),
                Map.entry("USERSYNC_DB_NAME", PackagedInstance.testDatabase()),
                Map.entry("USERSYNC_DB_SCHEMA", SCHEMA),
                Map.entry("USERSYNC_INSTANCE_ID", name),
                Map.entry("USERSYNC_BOOTSTRAP_TOKEN", TestSecrets.BOOTSTRAP_TOKEN),
                Map.entry("USERSYNC_WEBHOOK_LEASE", "3s"),
                Map.entry("USERSYNC_WEBHOOK_TICK", "250ms"),
                Map.entry("USERSYNC_WEBHOOK_BATCH", "100"),
                Map.entry("USERSYNC_WEBHOOK_RETRY_INITIAL", "200ms"),
                Map.entry("USERSYNC_WEBHOOK_ALLOW_HTTP", "true"),
                Map.entry("USERSYNC_WEBHOOK_HOST_ALLOWLIST", "127.0.0.1"));
    }

    @BeforeAll
    static void start() throws Exception {
        TestCredentials.install();
        PackagedInstance.dropSchemas(SCHEMA);
        receiver = new WebhookReceiver();
        // A migrates the schema; B starts on it
        a = PackagedInstance.start("webhook-A", env("A")).awaitReady(Duration.ofSeconds(60));
        b = PackagedInstance.start("webhook-B", env("B")).awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        for (PackagedInstance i : new PackagedInstance[] {a, b}) {
            if (i != null) {
                i.close();
            }
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    static Connection database() throws Exception {
        Connection c = PackagedInstance.database();
        c.createStatement().execute("set search_path to " + SCHEMA);
        return c;
    }

    @Test
    void aKilledDelivererLosesNothing() throws Exception {
        AtomicBoolean held = new AtomicBoolean();
        // the first batch is held long enough to kill its sender while it waits for the answer
        receiver.answer = r -> held.compareAndSet(false, true)
                ? new WebhookReceiver.Answer(200, Map.of(), 8000)
                : WebhookReceiver.Answer.ok();
        String secret = given().contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url("/hook")))
                .post(a.api() + "/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        TestSecrets.remember(secret);

        long first;
        long last;
        try (Connection c = database();
                ResultSet r = c.createStatement().executeQuery("""
                        insert into change_event (type, subject, data)
                        select 'user.created', gen_random_uuid(), jsonb_build_object('n', g) from generate_series(1, 1000) g
                        returning seq""")) {
            List<Long> seqs = new ArrayList<>();
            while (r.next()) {
                seqs.add(r.getLong(1));
            }
            first = seqs.stream().min(Long::compare).orElseThrow();
            last = seqs.stream().max(Long::compare).orElseThrow();
        }

        await("the first batch is sent", Duration.ofSeconds(15), () -> !receiver.requests.isEmpty());
        String owner;
        try (Connection c = database();
                PreparedStatement s = c.prepareStatement("select lease_owner from webhook_subscription");
                ResultSet r = s.executeQuery()) {
            r.next();
            owner = r.getString(1);
        }
        PackagedInstance holder = owner.startsWith("A-") ? a : b;
        PackagedInstance other = holder == a ? b : a;
        String otherPrefix = holder == a ? "B-" : "A-";
        Instant killed = Instant.now();
        holder.process().destroyForcibly().waitFor();

        await(
                "every event at the receiver after " + holder.name() + " was killed",
                Duration.ofSeconds(30),
                () -> idsInArrivalOrder().containsAll(List.of(first, last))
                        && new LinkedHashSet<>(idsInArrivalOrder()).size() == 1000);
        List<Long> ids = idsInArrivalOrder();
        List<Long> firstOccurrences = new ArrayList<>(new LinkedHashSet<>(ids));
        List<Long> expected = new ArrayList<>();
        for (long i = first; i <= last; i++) {
            expected.add(i);
        }
        assertEquals(expected, firstOccurrences, "every event at least once, first seen in order");
        assertTrue(ids.size() > 1000, "the held batch went out again: " + ids.size() + " events received");

        List<WebhookReceiver.Received> requests = List.copyOf(receiver.requests);
        assertEquals(
                requests.get(0).header("webhook-id"),
                requests.get(1).header("webhook-id"),
                "the batch sent again is the same message");
        for (WebhookReceiver.Received r : requests) {
            StandardWebhooksVerifier.verify(secret, r);
        }
        Duration takeover = Duration.between(killed, Instant.now());
        List<Map<String, Object>> deliveries = given().queryParam("size", 100)
                .get(other.api() + "/webhooks/"
                        + given().get(other.api() + "/webhooks")
                                .then()
                                .extract()
                                .path("items[0].id") + "/deliveries")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
        assertTrue(
                deliveries.stream()
                        .allMatch(d -> String.valueOf(d.get("instance")).startsWith(otherPrefix)),
                "after the kill only " + other.name() + " delivered: " + deliveries);
        System.out.printf("webhook takeover after kill -9: all delivered within %d ms%n", takeover.toMillis());
    }

    static List<Long> idsInArrivalOrder() {
        List<Long> ids = new ArrayList<>();
        for (WebhookReceiver.Received r : List.copyOf(receiver.requests)) {
            try {
                for (JsonNode e : JSON.readTree(r.body())) {
                    ids.add(Long.parseLong(e.get("id").asText()));
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return ids;
    }

    interface Condition {
        boolean met() throws Exception;
    }

    static void await(String what, Duration within, Condition c) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (!c.met()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(100);
        }
    }
}
