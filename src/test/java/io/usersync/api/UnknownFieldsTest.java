package io.usersync.api;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.usersync.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A body's fields the API does not have are refused, each named, on every write; nothing is written. */
@QuarkusTest
class UnknownFieldsTest extends ApiTest {
    @Test
    void aTaskWithMisspeltFieldsIsRefusedNamingEach() {
        String name = unique("misspelt");
        Map<String, Object> body = taskBody(name, createGroup(unique("Target"), null));
        body.remove("excludedDns");
        body.put("excludedDn", List.of("OU=Service Accounts,OU=HQ,DC=corp,DC=example,DC=com"));
        body.put("userExtintionHandling", "REMOVE");
        directoryOf(body).put("passwrd", "typo");
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Unknown fields"))
                .body("detail", containsString("excludedDn"))
                .body("errors.field", containsInAnyOrder("excludedDn", "userExtintionHandling", "directory.passwrd"));
        json().queryParam("name", name)
                .get("/api/v1/sync-tasks")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void everyWriteRefusesUnknownFields() {
        String group = createGroup(unique("Strict"), null);
        json().header("If-Match", "\"0\"")
                .body(Map.of("name", unique("renamed"), "parent", ROOT_GROUP))
                .put("/api/v1/user-groups/" + group)
                .then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("parent"));
        json().body(Map.of("name", unique("g"), "colour", "red"))
                .post("/api/v1/user-groups")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("colour"));
        json().body(Map.of("name", unique("t"), "role", "viewer", "expires", "2030-01-01T00:00:00Z"))
                .post("/api/v1/api-tokens")
                .then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("expires"));
        json().body(Map.of(
                        "directory",
                        Map.of("type", "LDAP", "host", "127.0.0.1", "port", 1, "security", "NONE", "bindDn", "cn=x")))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("directory.bindDn"));
        json().get("/api/v1/user-groups/" + group).then().statusCode(200).body("name", containsString("Strict"));
    }

    @Test
    void unknownFieldsInNestedObjectsAreNamedByTheirPath() {
        Map<String, Object> body = taskBody(unique("mapped"), createGroup(unique("Target"), null));
        directoryOf(body).put("mapping", Map.of("userFilter", "(objectClass=user)", "colour", "red"));
        body.put("mapping", Map.of("userFilter", "(objectClass=user)"));
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("directory.mapping.colour", "mapping"));
    }
}
