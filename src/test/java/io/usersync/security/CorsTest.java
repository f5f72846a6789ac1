package io.usersync.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.usersync.support.ApiTest;
import io.usersync.support.TestCredentials;
import org.junit.jupiter.api.Test;

/** Browser consoles on an origin of USERSYNC_CORS_ORIGINS may call the API; other origins get no allow header. */
@QuarkusTest
class CorsTest extends ApiTest {
    static final String ALLOWED = "https://console.usersync.test";

    @Test
    void aPreflightFromAnAllowedOriginSucceeds() {
        given().header(TestCredentials.anonymous())
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match,if-none-match")
                .options("/api/v1/sync-tasks/00000000-0000-0000-0000-000000000009")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Methods", equalTo("GET,POST,PUT,DELETE"))
                .header("Access-Control-Allow-Headers", equalTo("Authorization,Content-Type,If-Match,If-None-Match"))
                .header("Access-Control-Expose-Headers", equalTo("ETag,Location,Retry-After"));
    }

    @Test
    void aPreflightFromAnotherOriginGetsNoAllowHeader() {
        given().header(TestCredentials.anonymous())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/api/v1/sync-tasks/00000000-0000-0000-0000-000000000009")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
        // refused by the CORS filter before the API (a bare 403 a browser cannot read): outside the contract's checks
        given().noFilters()
                .header("Origin", "https://console.usersync.test.evil.example")
                .get("/api/v1/user-groups")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void anAllowedOriginReadsAnswersAndTheirHeadersIncludingA401() {
        given().header("Origin", ALLOWED)
                .get("/api/v1/user-groups/" + ROOT_GROUP)
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Expose-Headers", containsString("ETag"));
        given().header(TestCredentials.anonymous())
                .header("Origin", ALLOWED)
                .get("/api/v1/user-groups")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED));
    }
}
