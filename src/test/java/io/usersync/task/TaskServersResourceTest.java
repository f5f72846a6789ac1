package io.usersync.task;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.usersync.support.ApiTest;
import io.usersync.support.TestSecrets;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The servers of a task (host, hosts or domain) and its Kerberos settings, as the API takes and shows them. */
@QuarkusTest
class TaskServersResourceTest extends ApiTest {
    /** A keytab's header (format 0x0502) and bytes that are distinctive enough to find anywhere. */
    static final byte[] KEYTAB =
            "\u0005\u0002usersync-test-keytab-0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    static final String KEYTAB_BASE64 = Base64.getEncoder().encodeToString(KEYTAB);

    @Inject
    EntityManager em;

    static Map<String, Object> body() {
        return taskBody(unique("servers"), createGroup(unique("Target"), null));
    }

    @Test
    void aHostsListIsKeptInOrder() {
        Map<String, Object> body = body();
        directoryOf(body).remove("host");
        directoryOf(body).put("hosts", List.of("dc1.corp.example.com", "dc2.corp.example.com:3269"));
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(201)
                .body("directory.hosts", equalTo(List.of("dc1.corp.example.com", "dc2.corp.example.com:3269")))
                .body("directory.host", nullValue())
                .body("directory.port", equalTo(636))
                .body("directory.bindMethod", equalTo("SIMPLE"));
    }

    @Test
    void aDomainTaskOnStartTlsTakesThePortFromSrvRecords() {
        Map<String, Object> body = body();
        directoryOf(body).remove("host");
        directoryOf(body).remove("port");
        directoryOf(body).put("security", "STARTTLS");
        directoryOf(body).put("domain", "corp.example.com");
        directoryOf(body).put("site", "Berlin");
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(201)
                .body("directory.domain", equalTo("corp.example.com"))
                .body("directory.site", equalTo("Berlin"))
                .body("directory.port", nullValue());
    }

    @Test
    void oneServerFormOnly() {
        Map<String, Object> body = body();
        directoryOf(body).put("domain", "corp.example.com");
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("directory.host", "directory.domain"))
                .body("errors.message", hasItem("give one of host, hosts or domain, not host and domain"));
        directoryOf(body).remove("host");
        directoryOf(body).remove("domain");
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("directory.host"))
                .body("errors.message", hasItem("give the server as host, hosts or domain"));
    }

    @Test
    void malformedServersAreNamed() {
        Map<String, Object> body = body();
        directoryOf(body).remove("host");
        directoryOf(body).put("hosts", List.of("dc1.corp.example.com", "dc2:99999", "bad host"));
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("directory.hosts[1]", "directory.hosts[2]"));
        directoryOf(body).remove("hosts");
        directoryOf(body).put("domain", "not a domain");
        directoryOf(body).put("kdc", "kdc.corp.example.com");
        directoryOf(body).put("keytab", KEYTAB_BASE64);
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("directory.domain", "directory.kdc", "directory.keytab"));
        directoryOf(body).put("domain", "corp.example.com");
        directoryOf(body).put("bindMethod", "GSSAPI");
        directoryOf(body).put("keytab", "!!! not base64");
        directoryOf(body).put("login", "CN=svc,DC=corp,DC=example,DC=com");
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("directory.keytab", "directory.login"));
        directoryOf(body).remove("domain");
        directoryOf(body).put("host", "dc1.corp.example.com");
        directoryOf(body).put("site", "Berlin");
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("directory.site"));
    }

    @Test
    void aKeytabIsWriteOnlyAndEncryptedAtRest() {
        TestSecrets.remember(KEYTAB_BASE64);
        Map<String, Object> body = body();
        directoryOf(body).remove("password");
        directoryOf(body).put("bindMethod", "GSSAPI");
        directoryOf(body).put("login", "svc-sync@CORP.EXAMPLE.COM");
        directoryOf(body).put("kdc", "dc1.corp.example.com:88");
        directoryOf(body).put("keytab", KEYTAB_BASE64);
        Response r = json().body(body).post("/api/v1/sync-tasks");
        r.then()
                .statusCode(201)
                .body("directory.keytabSet", equalTo(true))
                .body("directory.passwordSet", equalTo(false))
                .body("directory.keytab", nullValue())
                .body("directory.kdc", equalTo("dc1.corp.example.com:88"));
        assertFalse(r.asString().contains(KEYTAB_BASE64));
        String id = r.path("id");
        String everything = (String) em.createNativeQuery("select t::text from sync_task t where id = ?1")
                .setParameter(1, UUID.fromString(id))
                .getSingleResult();
        assertFalse(everything.contains(KEYTAB_BASE64), everything);
        assertFalse(everything.contains("usersync-test-keytab"), everything);
        byte[] stored = (byte[]) em.createNativeQuery("select keytab_ciphertext from sync_task where id = ?1")
                .setParameter(1, UUID.fromString(id))
                .getSingleResult();
        assertNotNull(stored);

        // an update that leaves the keytab out keeps it; one that turns to SIMPLE without a password is refused
        directoryOf(body).remove("keytab");
        String etag = json().get("/api/v1/sync-tasks/" + id).header("ETag");
        json().header("If-Match", etag)
                .body(body)
                .put("/api/v1/sync-tasks/" + id)
                .then()
                .statusCode(200)
                .body("directory.keytabSet", equalTo(true));
        directoryOf(body).put("bindMethod", "SIMPLE");
        directoryOf(body).remove("kdc");
        etag = json().get("/api/v1/sync-tasks/" + id).header("ETag");
        json().header("If-Match", etag)
                .body(body)
                .put("/api/v1/sync-tasks/" + id)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("directory.password"));
    }

    @Test
    void aGssapiTaskNeedsAPasswordOrAKeytab() {
        Map<String, Object> body = body();
        directoryOf(body).remove("password");
        directoryOf(body).put("bindMethod", "GSSAPI");
        json().body(body)
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("directory.password"))
                .body("errors.message", hasItem(containsString("unless a keytab is given")));
    }
}
