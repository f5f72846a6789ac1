package io.usersync.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {
    @Test
    void readinessReportsTheDatabaseAndTheStore() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == 'usersync store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'usersync store' }.data.schema", equalTo("usersync_test"))
                .body(
                        "checks.find { it.name == 'usersync store' }.data.migration",
                        equalTo(given().get("/q/health/ready")
                                .path("checks.find { it.name == 'usersync store' }.data.expectedMigration")));
    }

    @Test
    void livenessAsksNoDatabase() {
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", Matchers.not(hasItem("Database connections health check")))
                .body("checks.name", Matchers.not(hasItem("usersync store")));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
