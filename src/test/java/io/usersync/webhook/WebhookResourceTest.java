package io.usersync.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.usersync.support.ApiTest;
import io.usersync.support.TestCredentials;
import io.usersync.support.TestSecrets;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The subscriptions API: CRUD with ETags, the secret shown once, validation, and the outbound checks that keep
 * a webhook from reaching loopback, link-local (cloud metadata) and private addresses. Plain http is allowed in
 * this profile, so that the address checks are what refuses it; no allowlist is set.
 */
@QuarkusTest
@TestProfile(WebhookResourceTest.HttpAllowed.class)
class WebhookResourceTest extends ApiTest {
    /** A public address (TEST-NET-3) that needs no DNS; nothing is ever delivered to it (no events are written). */
    static final String PUBLIC = "https://203.0.113.10/hooks/usersync";

    public static class HttpAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("usersync.webhook.allow-http", "true");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    static Map<String, Object> body(String url) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("url", url);
        b.put("events", List.of("user.*", "group.created"));
        return b;
    }

    static Response create(Map<String, Object> body) {
        return json().body(body).post("/api/v1/webhooks");
    }

    @Test
    void crudWithETagsAndTheSecretShownOnce() throws Exception {
        Response created = create(body(PUBLIC));
        created.then()
                .statusCode(201)
                .header("Location", matchesRegex(".*/api/v1/webhooks/[0-9a-f-]{36}"))
                .header("ETag", notNullValue())
                .body("url", equalTo(PUBLIC))
                .body("events", equalTo(List.of("user.*", "group.created")))
                .body("enabled", equalTo(true))
                .body("status", equalTo("ACTIVE"))
                .body("secret", matchesRegex("whsec_[A-Za-z0-9+/]{43}="));
        String id = created.path("id");
        String secret = created.path("secret");
        assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);
        // from here on every answer is checked for it (TestCredentials), and the suite's logs too
        TestSecrets.remember(secret);
        try (Connection c = dataSource.getConnection();
                ResultSet r = c.createStatement().executeQuery("select coalesce(max(seq), 0) from change_event")) {
            r.next();
            assertEquals(Long.toString(r.getLong(1)), created.path("cursor"), "starts at the last event");
        }

        String etag = given().get("/api/v1/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("secret", nullValue())
                .body("url", equalTo(PUBLIC))
                .extract()
                .header("ETag");
        given().queryParam("size", 1000)
                .get("/api/v1/webhooks")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id))
                .body("items.secret", org.hamcrest.Matchers.everyItem(nullValue()));

        Map<String, Object> changed = body(PUBLIC + "/v2");
        changed.put("enabled", false);
        changed.put("events", List.of());
        json().header("If-Match", "\"999\"")
                .body(changed)
                .put("/api/v1/webhooks/" + id)
                .then()
                .statusCode(412);
        String etag2 = json().header("If-Match", etag)
                .body(changed)
                .put("/api/v1/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("url", equalTo(PUBLIC + "/v2"))
                .body("enabled", equalTo(false))
                .body("events", equalTo(List.of()))
                .body("secret", nullValue())
                .extract()
                .header("ETag");
        assertFalse(etag.equals(etag2), "the ETag changes with the subscription");
        // without If-Match, as the other resources: the last write wins
        json().body(changed).put("/api/v1/webhooks/" + id).then().statusCode(200);

        // a secret of one's own replaces the stored one, and is not shown back either
        String own = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]).replace('A', 'B');
        TestSecrets.remember(own);
        changed.put("secret", own);
        json().body(changed)
                .put("/api/v1/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("secret", nullValue());

        List<Map<String, Object>> audit = given().queryParam("targetId", id)
                .queryParam("size", 50)
                .get("/api/v1/audit-events")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
        assertTrue(audit.stream().anyMatch(e -> "WEBHOOK_CREATED".equals(e.get("action"))), audit.toString());
        assertTrue(audit.stream().anyMatch(e -> "WEBHOOK_UPDATED".equals(e.get("action"))), audit.toString());
        assertFalse(audit.toString().contains(own), "the audit shows no secret");

        given().delete("/api/v1/webhooks/" + id).then().statusCode(204);
        given().get("/api/v1/webhooks/" + id).then().statusCode(404);
        given().delete("/api/v1/webhooks/" + id).then().statusCode(404);
        assertTrue(given().queryParam("targetId", id)
                .get("/api/v1/audit-events")
                .then()
                .extract()
                .asString()
                .contains("WEBHOOK_DELETED"));
    }

    @Test
    void malformedFieldsAre400AndUnknownTasks422() {
        Map<String, Object> b = body(PUBLIC);
        b.put("events", List.of("user.created", "user.exploded", "nope.*"));
        b.put("secret", "whsec_" + Base64.getEncoder().encodeToString(new byte[8]));
        create(b).then().statusCode(400).body("errors.field", equalTo(List.of("events[1]", "events[2]", "secret")));

        create(body("not a url")).then().statusCode(400).body("errors[0].field", equalTo("url"));
        create(body("ftp://203.0.113.10/x")).then().statusCode(400).body("errors[0].field", equalTo("url"));
        create(body("https://user:pw@203.0.113.10/x"))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].message", containsString("user name or password"));
        create(Map.of("events", List.of())).then().statusCode(400).body("errors[0].field", equalTo("url"));
        b = body(PUBLIC);
        b.put("secret", "not-whsec");
        create(b).then().statusCode(400).body("errors[0].field", equalTo("secret"));

        b = body(PUBLIC);
        b.put("taskIds", List.of(UUID.randomUUID()));
        create(b).then().statusCode(422).body("errors[0].field", equalTo("taskIds[0]"));

        given().get("/api/v1/webhooks/" + UUID.randomUUID()).then().statusCode(404);
        json().body(body(PUBLIC))
                .put("/api/v1/webhooks/" + UUID.randomUUID())
                .then()
                .statusCode(404);
    }

    @Test
    void internalTargetsAreRefusedWith403NamingTheUrl() {
        for (String url : List.of(
                "http://127.0.0.1:8080/hook",
                "http://localhost:9000/",
                "http://169.254.169.254/latest/meta-data",
                "https://10.1.2.3/",
                "https://192.168.1.1/",
                "https://172.16.0.5/",
                "https://100.64.0.1/",
                "https://[::1]/",
                "https://[fe80::1]/",
                "https://[fd00::1]/",
                "https://0.0.0.0/",
                "https://224.0.0.1/")) {
            create(body(url))
                    .then()
                    .statusCode(403)
                    .contentType(ContentType.fromContentType("application/problem+json"))
                    .body("errors[0].field", equalTo("url"));
        }
        // an update is checked as a create is
        String id = create(body(PUBLIC)).then().statusCode(201).extract().path("id");
        json().body(body("http://169.254.169.254/latest/meta-data"))
                .put("/api/v1/webhooks/" + id)
                .then()
                .statusCode(403)
                .body("errors[0].field", equalTo("url"));
        given().delete("/api/v1/webhooks/" + id).then().statusCode(204);
    }

    @Test
    void viewersAndOperatorsAreRefused() {
        for (String role : List.of("viewer", "operator")) {
            String token = given().contentType(ContentType.JSON)
                    .body(Map.of("name", unique("webhook-" + role), "role", role))
                    .post("/api/v1/api-tokens")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("secret");
            TestSecrets.remember(token);
            given().header(TestCredentials.bearer(token))
                    .get("/api/v1/webhooks")
                    .then()
                    .statusCode(403);
            given().header(TestCredentials.bearer(token))
                    .contentType(ContentType.JSON)
                    .body(body(PUBLIC))
                    .post("/api/v1/webhooks")
                    .then()
                    .statusCode(403);
        }
    }
}
