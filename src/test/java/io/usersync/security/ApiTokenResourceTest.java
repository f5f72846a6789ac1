package io.usersync.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.usersync.support.ApiTest;
import io.usersync.support.TestCredentials;
import io.usersync.support.TestSecrets;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiTokenResourceTest extends ApiTest {
    @Inject
    EntityManager em;

    private static ExtractableResponse<Response> create(String name, String role) {
        ExtractableResponse<Response> r = json().body(Map.of("name", name, "role", role))
                .post("/api/v1/api-tokens")
                .then()
                .statusCode(201)
                .header("Location", Matchers.containsString("/api/v1/api-tokens/"))
                .extract();
        TestSecrets.remember(r.path("secret"));
        return r;
    }

    @Test
    void secretIsShownOnceAndOnlyItsHashIsStored() {
        String name = unique("ci");
        ExtractableResponse<Response> created = create(name, "operator");
        String secret = created.path("secret");
        String id = created.path("token.id");
        assertTrue(secret.startsWith("usy_") && secret.length() >= 40, secret.length() + " characters");
        assertEquals(secret.substring(0, 10), created.path("token.secretPrefix"));
        assertEquals("bootstrap", created.path("token.createdBy"));

        // the TestCredentials filter fails any later answer that contains the secret
        given().get("/api/v1/api-tokens/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo(name))
                .body("role", equalTo("operator"))
                .body("lastUsedAt", nullValue());
        given().queryParam("size", 1000)
                .get("/api/v1/api-tokens")
                .then()
                .statusCode(200)
                .body("items.name", hasItem(name));

        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[])
                em.createNativeQuery("select secret_hash, secret_prefix from api_token where id = cast(?1 as uuid)")
                        .setParameter(1, id)
                        .getSingleResult());
        assertEquals(ApiTokenService.hash(secret), row[0]);
        assertFalse(row[0].toString().contains(secret.substring(4)));
    }

    @Test
    void tokenActsWithItsRoleAndRecordsItsLastUse() {
        String secret = create(unique("viewer"), "viewer").path("secret");
        String id = given().queryParam("size", 1000)
                .get("/api/v1/api-tokens")
                .then()
                .extract()
                .path("items.find { it.secretPrefix == '" + secret.substring(0, 10) + "' }.id");
        given().header(TestCredentials.bearer(secret))
                .get("/api/v1/user-groups")
                .then()
                .statusCode(200);
        given().header(TestCredentials.bearer(secret))
                .contentType(ContentType.JSON)
                .body(Map.of("name", unique("g")))
                .post("/api/v1/user-groups")
                .then()
                .statusCode(403)
                .body("requiredRole", equalTo("admin"));
        given().get("/api/v1/api-tokens/" + id).then().statusCode(200).body("lastUsedAt", notNullValue());
    }

    @Test
    void revokedTokenIsRefusedAtOnce() {
        ExtractableResponse<Response> created = create(unique("short-lived"), "admin");
        String secret = created.path("secret");
        given().header(TestCredentials.bearer(secret))
                .get("/api/v1/sync-tasks")
                .then()
                .statusCode(200);
        given().delete("/api/v1/api-tokens/" + created.path("token.id")).then().statusCode(204);
        given().header(TestCredentials.bearer(secret))
                .get("/api/v1/sync-tasks")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("the API token is unknown, expired or revoked"));
        given().delete("/api/v1/api-tokens/" + created.path("token.id")).then().statusCode(404);
    }

    @Test
    void expiredTokenIsRefused() {
        ExtractableResponse<Response> created = create(unique("expiring"), "viewer");
        String secret = created.path("secret");
        given().header(TestCredentials.bearer(secret))
                .get("/api/v1/runs")
                .then()
                .statusCode(200);
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "update api_token set expires_at = now() - interval '1 second' where id = cast(?1 as uuid)")
                        .setParameter(1, created.path("token.id").toString())
                        .executeUpdate());
        given().header(TestCredentials.bearer(secret))
                .get("/api/v1/runs")
                .then()
                .statusCode(401);
        given().get("/api/v1/api-tokens/" + created.path("token.id"))
                .then()
                .statusCode(200)
                .body("expired", equalTo(true));
    }

    @Test
    void badRequestsNameTheirField() {
        String name = unique("dup");
        create(name, "viewer");
        json().body(Map.of("name", name.toUpperCase(), "role", "viewer"))
                .post("/api/v1/api-tokens")
                .then()
                .statusCode(409);
        json().body(Map.of("name", unique("x"), "role", "root"))
                .post("/api/v1/api-tokens")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("role"));
        json().body(Map.of("role", "viewer"))
                .post("/api/v1/api-tokens")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        json().body(Map.of(
                        "name",
                        unique("past"),
                        "role",
                        "viewer",
                        "expiresAt",
                        OffsetDateTime.now().minusDays(1).toString()))
                .post("/api/v1/api-tokens")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("expiresAt"));
    }

    @Test
    void otherSchemesAndEmptyTokensAreRefusedWithAReason() {
        given().header("Authorization", "Basic YWRtaW46YWRtaW4=")
                .get("/api/v1/users")
                .then()
                .statusCode(401)
                .body("detail", startsWith("send the credential as 'Authorization: Bearer <token>'"));
        given().header("Authorization", "Bearer ").get("/api/v1/users").then().statusCode(401);
        given().header(TestCredentials.anonymous())
                .get("/api/v1/users")
                .then()
                .statusCode(401)
                .body("title", equalTo("Authentication required"));
    }

    @Test
    void healthStaysOpenAndContractIsOpenByDefault() {
        given().header(TestCredentials.anonymous()).get("/q/health").then().statusCode(200);
        given().header(TestCredentials.anonymous()).get("/q/openapi").then().statusCode(200);
    }

    @Test
    void listNeverCarriesSecretMaterial() {
        create(unique("listed"), "viewer");
        List<Map<String, Object>> items = given().queryParam("size", 1000)
                .get("/api/v1/api-tokens")
                .then()
                .statusCode(200)
                .body("items.secret", not(hasItem(notNullValue())))
                .extract()
                .path("items");
        assertTrue(items.stream().allMatch(t -> !t.containsKey("secretHash") && !t.containsKey("secret")));
    }
}
