package io.usersync.webhook;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.usersync.support.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** By default webhooks must use https: a plain http URL is refused before anything else is looked at. */
@QuarkusTest
class WebhookHttpsOnlyTest extends ApiTest {
    @Test
    void plainHttpIsRefusedWith400() {
        json().body(Map.of("url", "http://203.0.113.10/hook"))
                .post("/api/v1/webhooks")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].message", containsString("https"));
    }
}
