package io.usersync.security;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.usersync.support.ApiTest;
import io.usersync.support.TestCredentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A locked-down configuration: browse and test limited to an allowlist (other hosts are refused before
 * any connection is opened), and /q/metrics behind authentication.
 */
@QuarkusTest
@TestProfile(DirectoryHostAllowlistApiTest.LoopbackOnly.class)
class DirectoryHostAllowlistApiTest extends ApiTest {
    public static class LoopbackOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "usersync.security.directory-host-allowlist",
                    "127.0.0.0/8,*.corp.example.com",
                    "quarkus.http.auth.permission.metrics.policy",
                    "authenticated");
        }
    }

    private static Map<String, Object> directory(String host) {
        return Map.of(
                "type",
                "LDAP",
                "host",
                host,
                "port",
                1,
                "security",
                "NONE",
                "login",
                "cn=x",
                "password",
                "not-the-password");
    }

    @Test
    void otherHostsAreRefusedWithTheField() {
        json().body(Map.of("directory", directory("192.0.2.10")))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(403)
                .body("title", equalTo("Host not allowed"))
                .body("errors[0].field", equalTo("directory.host"));
        json().body(Map.of("directory", directory("192.0.2.10")))
                .post("/api/v1/directory/browse")
                .then()
                .statusCode(403);
    }

    @Test
    void listedHostsGoAhead() {
        // port 1 on loopback: refused by the OS, so the answer is a directory failure, not the allowlist
        json().body(Map.of("directory", directory("127.0.0.1")))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(not(equalTo(403)))
                .body("category", equalTo("CONNECTION_REFUSED"));
    }

    @Test
    void metricsCanRequireAToken() {
        RestAssured.given()
                .header(TestCredentials.anonymous())
                .get("/q/metrics")
                .then()
                .statusCode(401);
        RestAssured.given().get("/q/metrics").then().statusCode(200);
        RestAssured.given()
                .header(TestCredentials.anonymous())
                .get("/q/health")
                .then()
                .statusCode(200);
    }
}
