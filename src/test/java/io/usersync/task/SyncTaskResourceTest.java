package io.usersync.task;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.usersync.support.ApiTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SyncTaskResourceTest extends ApiTest {
    @Inject
    EntityManager em;

    private String target() {
        return createGroup(unique("Target"), null);
    }

    @Test
    void createAnswers201WithLocationETagAndNoPassword() {
        String name = unique("HQ users");
        Response r = json().body(taskBody(name, target())).post("/api/v1/sync-tasks");
        r.then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/sync-tasks/"))
                .header("ETag", equalTo("\"0\""))
                .body("name", equalTo(name))
                .body("directory.passwordSet", equalTo(true))
                .body("directory.password", nullValue())
                .body("directory.port", equalTo(636))
                .body("schedule.cron", equalTo("0 0 2 * * ?"))
                .body("nextRunAt", notNullValue())
                .body("tags", hasItem("hq"));
        assertFalse(r.asString().contains("s3cret-Pa55word"));
        String id = r.path("id");
        json().get(r.header("Location")).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void passwordIsEncryptedAtRest() {
        String id = json().body(taskBody(unique("enc"), target()))
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        byte[] stored = (byte[]) em.createNativeQuery("select password_ciphertext from sync_task where id = ?1")
                .setParameter(1, UUID.fromString(id))
                .getSingleResult();
        assertNotNull(stored);
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("s3cret-Pa55word"));
        String everything = (String) em.createNativeQuery("select t::text from sync_task t where id = ?1")
                .setParameter(1, UUID.fromString(id))
                .getSingleResult();
        assertFalse(everything.contains("s3cret"), everything);
    }

    @Test
    void defaultsArePortBySecurityAndSafePolicies() {
        Map<String, Object> body = taskBody(unique("defaults"), target());
        directoryOf(body).remove("port");
        directoryOf(body).put("security", "STARTTLS");
        body.remove("collisionHandling");
        body.remove("userExtinctionHandling");
        body.remove("deleteThreshold");
        body.remove("schedule");
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(201)
                .body("directory.port", equalTo(389))
                .body("collisionHandling", equalTo("SKIP"))
                .body("userExtinctionHandling", equalTo("DISABLE"))
                .body("deleteThreshold.maxCount", equalTo(500))
                .body("deleteThreshold.maxPercent", equalTo(20))
                .body("nextRunAt", nullValue());
    }

    @Test
    void listIsPagedAndFilterableByNameAndTag() {
        String t = target();
        String prefix = unique("Paging");
        for (int i = 0; i < 3; i++) {
            Map<String, Object> body = taskBody(prefix + "-" + i, t);
            body.put("tags", List.of(prefix + "-tag", i == 0 ? "first" : "other"));
            json().body(body).post("/api/v1/sync-tasks").then().statusCode(201);
        }
        json().queryParam("name", prefix.toLowerCase())
                .queryParam("size", 2)
                .get("/api/v1/sync-tasks")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.size()", equalTo(2))
                .body("size", equalTo(2))
                .body("items[0].name", equalTo(prefix + "-0"));
        json().queryParam("name", prefix)
                .queryParam("page", 1)
                .queryParam("size", 2)
                .get("/api/v1/sync-tasks")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].name", equalTo(prefix + "-2"));
        json().queryParam("tag", prefix + "-tag")
                .get("/api/v1/sync-tasks")
                .then()
                .statusCode(200)
                .body("total", equalTo(3));
        json().queryParam("name", prefix)
                .queryParam("tag", "first")
                .get("/api/v1/sync-tasks")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].name", equalTo(prefix + "-0"));
        json().queryParam("name", "%")
                .get("/api/v1/sync-tasks")
                .then()
                .statusCode(200)
                .body("items.name", not(hasItem(prefix + "-0")));
    }

    @Test
    void updateWithIfMatchKeepsOmittedPasswordAndRefusesStaleETag() {
        Map<String, Object> body = taskBody(unique("upd"), target());
        Response created = json().body(body).post("/api/v1/sync-tasks");
        String id = created.path("id");
        byte[] before = ciphertext(id);

        directoryOf(body).remove("password");
        body.put("description", "changed");
        json().header("If-Match", "\"0\"")
                .body(body)
                .put("/api/v1/sync-tasks/" + id)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("description", equalTo("changed"))
                .body("directory.passwordSet", equalTo(true));
        assertEquals(
                new String(before, StandardCharsets.ISO_8859_1),
                new String(ciphertext(id), StandardCharsets.ISO_8859_1));

        json().header("If-Match", "\"0\"")
                .body(body)
                .put("/api/v1/sync-tasks/" + id)
                .then()
                .statusCode(412)
                .contentType("application/problem+json")
                .body("detail", containsString("ETag"));

        directoryOf(body).put("password", "another-one");
        json().header("If-Match", "\"1\"")
                .body(body)
                .put("/api/v1/sync-tasks/" + id)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"2\""));
        assertFalse(new String(before, StandardCharsets.ISO_8859_1)
                .equals(new String(ciphertext(id), StandardCharsets.ISO_8859_1)));

        json().delete("/api/v1/sync-tasks/" + id).then().statusCode(204);
        json().get("/api/v1/sync-tasks/" + id).then().statusCode(404).contentType("application/problem+json");
        json().delete("/api/v1/sync-tasks/" + id).then().statusCode(404);
    }

    private byte[] ciphertext(String id) {
        em.clear();
        return (byte[]) em.createNativeQuery("select password_ciphertext from sync_task where id = ?1")
                .setParameter(1, UUID.fromString(id))
                .getSingleResult();
    }

    @Test
    void duplicateNameIs409() {
        String name = unique("dup");
        String t = target();
        json().body(taskBody(name, t)).post("/api/v1/sync-tasks").then().statusCode(201);
        json().body(taskBody(name.toUpperCase(), t))
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already exists"));
    }

    /** Each bad input gets its status and a problem naming the field. */
    @Test
    void badInputsAreProblemsNamingTheField() {
        String t = target();
        expectInvalid(400, "directory.port", b -> directoryOf(b).put("port", 70000));
        expectInvalid(400, "directory.port", b -> directoryOf(b).put("port", 0));
        expectInvalid(400, "baseDns", b -> b.put("baseDns", List.of()));
        expectInvalid(400, "baseDns[0]", b -> b.put("baseDns", List.of("OU=HQ,,DC=corp")));
        expectInvalid(400, "baseDns[1]", b -> b.put("baseDns", List.of("DC=corp,DC=example,DC=com", "not a dn")));
        expectInvalid(400, "excludedDns[0]", b -> b.put("excludedDns", List.of("OU=Elsewhere,DC=other,DC=com")));
        expectInvalid(400, "schedule.cron", b -> b.put("schedule", Map.of("cron", "0 0 25 * * ?")));
        expectInvalid(400, "schedule.cron", b -> b.put("schedule", Map.of("cron", "every night")));
        expectInvalid(
                400,
                "schedule.timezone",
                b -> b.put("schedule", Map.of("cron", "0 0 2 * * ?", "timezone", "Mars/Olympus")));
        expectInvalid(400, "directory.password", b -> directoryOf(b).remove("password"));
        expectInvalid(400, "directory.host", b -> directoryOf(b).put("host", ""));
        expectInvalid(400, "directory.login", b -> directoryOf(b).put("login", "CN=x,,DC=y"));
        expectInvalid(
                400,
                "directory.mapping.userFilter",
                b -> directoryOf(b).put("mapping", Map.of("userFilter", "(objectClass=user")));
        expectInvalid(
                400,
                "directory.trustedCertificatesPem",
                b -> directoryOf(b).put("trustedCertificatesPem", "not a certificate"));
        expectInvalid(400, "deleteThreshold.maxPercent", b -> b.put("deleteThreshold", Map.of("maxPercent", 101)));
        expectInvalid(400, "name", b -> b.put("name", ""));
        expectInvalid(400, "targetGroupId", b -> b.remove("targetGroupId"));
        expectInvalid(
                422,
                "targetGroupId",
                b -> b.put("targetGroupId", UUID.randomUUID().toString()));
        // wrong types and unknown enum values are 400s naming the field, never 500s
        expectInvalid(400, "directory.security", b -> directoryOf(b).put("security", "SSL"));
        expectInvalid(400, "collisionHandling", b -> b.put("collisionHandling", "MERGE"));
        expectInvalid(400, "directory.port", b -> directoryOf(b).put("port", "three-eight-nine"));
        expectInvalid(400, "baseDns", b -> b.put("baseDns", "DC=corp"));
    }

    private void expectInvalid(int status, String field, Consumer<Map<String, Object>> breakIt) {
        Map<String, Object> body = taskBody(unique("bad"), target());
        breakIt.accept(body);
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("errors.field", hasItem(field));
    }

    @Test
    void malformedJsonWrongContentTypeAndUnknownIds() {
        json().body("{\"name\": ")
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("JSON"));
        json().body("").post("/api/v1/sync-tasks").then().statusCode(400).contentType("application/problem+json");
        RestAssured.given()
                .contentType("text/plain")
                .body("name=x")
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        json().get("/api/v1/sync-tasks/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("does not exist"));
        json().body(taskBody(unique("x"), target()))
                .put("/api/v1/sync-tasks/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        json().get("/api/v1/no-such-thing").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void invalidUpdateLeavesTaskUnchanged() {
        Map<String, Object> body = taskBody(unique("keep"), target());
        String id = createTask(body);
        body.put("baseDns", List.of("garbage"));
        json().body(body)
                .put("/api/v1/sync-tasks/" + id)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("baseDns[0]"));
        json().get("/api/v1/sync-tasks/" + id)
                .then()
                .statusCode(200)
                .body("baseDns[0]", endsWith("DC=com"))
                .header("ETag", equalTo("\"0\""));
    }
}
