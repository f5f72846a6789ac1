package io.usersync.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.usersync.support.ApiTest;
import io.usersync.support.TestCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * OIDC bearer tokens, signed here with the test-only key pair the test profile trusts
 * (src/test/resources/oidc-test): role claim values map to usersync roles, and anything not issued
 * and signed as configured is refused.
 */
@QuarkusTest
class OidcTokenTest extends ApiTest {
    static final String ISSUER = "https://idp.usersync.test";
    static final String KEY = "oidc-test/test-only-private-key.pem";

    static String token(String issuer, Set<String> groups, Instant expires, String key) {
        return Jwt.issuer(issuer)
                .subject("alice-sub")
                .claim("preferred_username", "alice@example.test")
                .groups(groups)
                .issuedAt(Instant.now().minusSeconds(5))
                .expiresAt(expires)
                .sign(key);
    }

    static String valid(Set<String> groups) {
        return token(ISSUER, groups, Instant.now().plus(Duration.ofMinutes(5)), KEY);
    }

    @Test
    void mappedGroupGivesItsRoleAndTheOnesBelow() {
        String operator = valid(Set.of("usersync-operators", "unrelated-group"));
        given().header(TestCredentials.bearer(operator))
                .get("/api/v1/sync-tasks")
                .then()
                .statusCode(200);
        given().header(TestCredentials.bearer(operator))
                .post("/api/v1/runs/" + UUID.randomUUID() + "/cancel")
                .then()
                .statusCode(404);
        given().header(TestCredentials.bearer(operator))
                .contentType(ContentType.JSON)
                .body(Map.of("name", unique("g")))
                .post("/api/v1/user-groups")
                .then()
                .statusCode(403)
                .body("requiredRole", equalTo("admin"));
    }

    @Test
    void roleNamesPassThroughAndAdminsAreRecordedByName() {
        String admin = valid(Set.of("usersync-admins"));
        String group = given().header(TestCredentials.bearer(admin))
                .contentType(ContentType.JSON)
                .body(Map.of("name", unique("oidc-made")))
                .post("/api/v1/user-groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().queryParam("targetId", group)
                .queryParam("action", "GROUP_CREATED")
                .get("/api/v1/audit-events")
                .then()
                .statusCode(200)
                .body("items[0].actor", equalTo("alice@example.test"))
                .body("items[0].actorType", equalTo("OIDC"));
        given().header(TestCredentials.bearer(valid(Set.of("viewer"))))
                .get("/api/v1/users")
                .then()
                .statusCode(200);
    }

    @Test
    void unmappedGroupsGrantNothing() {
        given().header(TestCredentials.bearer(valid(Set.of("everyone"))))
                .get("/api/v1/sync-tasks")
                .then()
                .statusCode(403);
    }

    @Test
    void wrongIssuerExpiredOrForeignSignatureAreRefused() {
        String wrongIssuer = token(
                "https://evil.example", Set.of("usersync-admins"), Instant.now().plusSeconds(300), KEY);
        String expired = token(ISSUER, Set.of("usersync-admins"), Instant.now().minusSeconds(600), KEY);
        String foreign = token(
                ISSUER,
                Set.of("usersync-admins"),
                Instant.now().plusSeconds(300),
                "oidc-test/unrelated-private-key.pem");
        for (String bad : new String[] {wrongIssuer, expired, foreign}) {
            given().header(TestCredentials.bearer(bad))
                    .get("/api/v1/sync-tasks")
                    .then()
                    .statusCode(401)
                    .body("title", equalTo("Authentication failed"));
        }
    }
}
