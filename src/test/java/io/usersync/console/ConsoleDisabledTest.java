package io.usersync.console;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.usersync.support.ApiTest;
import io.usersync.support.TestCredentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** USERSYNC_CONSOLE_ENABLED=false: no console file is served and / is not redirected; the API is unaffected. */
@QuarkusTest
@TestProfile(ConsoleDisabledTest.Off.class)
class ConsoleDisabledTest extends ApiTest {
    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("usersync.console.enabled", "false");
        }
    }

    @Test
    void nothingOfTheConsoleIsServed() {
        for (String path : new String[] {
            "/console/", "/console/index.html", "/console/js/main.js", "/console/config.json", "/console"
        }) {
            given().header(TestCredentials.anonymous())
                    .redirects()
                    .follow(false)
                    .get(path)
                    .then()
                    .statusCode(404);
        }
        given().header(TestCredentials.anonymous())
                .redirects()
                .follow(false)
                .get("/")
                .then()
                .statusCode(404);
        given().get("/api/v1/me").then().statusCode(200);
    }
}
