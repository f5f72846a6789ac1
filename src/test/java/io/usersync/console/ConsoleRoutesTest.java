package io.usersync.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.usersync.support.ApiTest;
import io.usersync.support.TestCredentials;
import io.usersync.support.TestSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The console is served from the jar under a strict policy, / leads to it, and /api/v1/me says who is signed in. */
@QuarkusTest
class ConsoleRoutesTest extends ApiTest {

    @Test
    void rootRedirectsToTheConsole() {
        given().header(TestCredentials.anonymous())
                .redirects()
                .follow(false)
                .get("/")
                .then()
                .statusCode(302)
                .header("Location", "/console/");
        given().header(TestCredentials.anonymous())
                .redirects()
                .follow(false)
                .get("/console")
                .then()
                .statusCode(301)
                .header("Location", "/console/");
    }

    @Test
    void consoleFilesComeWithAStrictContentSecurityPolicy() {
        for (String path : new String[] {"/console/", "/console/js/main.js", "/console/css/console.css"}) {
            given().header(TestCredentials.anonymous())
                    .get(path)
                    .then()
                    .statusCode(200)
                    .header("Content-Security-Policy", containsString("default-src 'none'"))
                    .header("Content-Security-Policy", containsString("script-src 'self';"))
                    .header("Content-Security-Policy", containsString("style-src 'self';"))
                    .header("Content-Security-Policy", containsString("connect-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", not(containsString("unsafe")))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer");
        }
        given().header(TestCredentials.anonymous())
                .get("/console/")
                .then()
                .contentType(containsString("text/html"))
                .body(containsString("<script type=\"module\" src=\"js/main.js\"></script>"));
    }

    @Test
    void withoutAConsoleClientIdNoOidcSignInIsOffered() {
        given().header(TestCredentials.anonymous())
                .get("/console/config.json")
                .then()
                .statusCode(200)
                .body(equalTo("{}"));
    }

    @Test
    void meNamesTheCallerAndItsRole() {
        given().get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("name", equalTo("bootstrap"))
                .body("actorType", equalTo("BOOTSTRAP"))
                .body("role", equalTo("admin"));
        String viewer = issue("console-viewer", "viewer");
        given().header(TestCredentials.bearer(viewer))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("role", equalTo("viewer"))
                .body("actorType", equalTo("TOKEN"))
                .body("name", containsString("console-viewer"));
        String jwt = Jwt.issuer("https://idp.usersync.test")
                .subject("bob-sub")
                .claim("preferred_username", "bob@example.test")
                .groups(Set.of("usersync-operators"))
                .issuedAt(Instant.now().minusSeconds(5))
                .expiresAt(Instant.now().plus(Duration.ofMinutes(5)))
                .sign("oidc-test/test-only-private-key.pem");
        given().header(TestCredentials.bearer(jwt))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("role", equalTo("operator"))
                .body("actorType", equalTo("OIDC"))
                .body("name", equalTo("bob@example.test"));
        given().header(TestCredentials.anonymous()).get("/api/v1/me").then().statusCode(401);
    }

    private static String issue(String name, String role) {
        String secret = json().body(Map.of("name", unique(name), "role", role))
                .post("/api/v1/api-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        TestSecrets.remember(secret);
        return secret;
    }
}
