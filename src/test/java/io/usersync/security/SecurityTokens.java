package io.usersync.security;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.usersync.support.TestSecrets;
import java.util.Map;

/** Issues API tokens through the API (as the bootstrap admin) for tests that need a particular role. */
final class SecurityTokens {
    private SecurityTokens() {}

    static String issue(String name, String role) {
        String secret = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", role))
                .post("/api/v1/api-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        TestSecrets.remember(secret);
        return secret;
    }
}
