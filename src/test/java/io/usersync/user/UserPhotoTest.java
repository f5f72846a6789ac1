package io.usersync.user;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Photos (opt-in), served apart from the user with their content type, an ETag and 304; binary attributes as base64. */
@QuarkusTest
class UserPhotoTest extends ApiTest {
    private static InMemoryDirectoryServer directory;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = DemoDirectory.start(0, 6);
    }

    @AfterAll
    static void stopDirectory() {
        directory.shutDown(true);
    }

    private static byte[] image(int size, byte... signature) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        System.arraycopy(signature, 0, b, 0, signature.length);
        return b;
    }

    private static byte[] jpeg(int size) {
        return image(size, (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0);
    }

    private static void set(String login, String attribute, byte[] value) throws Exception {
        String dn = directory
                .searchForEntry(AdLikeTree.CORP, SearchScope.SUB, Filter.createEqualityFilter("sAMAccountName", login))
                .getDN();
        directory.modify(
                dn,
                value == null
                        ? new Modification(ModificationType.REPLACE, attribute)
                        : new Modification(ModificationType.REPLACE, attribute, value));
    }

    private static String task(Map<String, Object> mapping) {
        Map<String, Object> body = demoDirectoryTask(
                unique("photo"), createGroup(unique("photo"), null), directory.getListenPort(), AdLikeTree.CORP);
        if (mapping != null) {
            directoryOf(body).put("mapping", mapping);
        }
        return createTask(body);
    }

    private static Response photo(String userId) {
        return given().get("/api/v1/users/" + userId + "/photo");
    }

    @Test
    void photosRoundTripWithTheirTypeAnETagAnd304() throws Exception {
        SyncedStore.wipe();
        byte[] ada = jpeg(4_000);
        byte[] png = image(
                2_000, (byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G', (byte) '\r', (byte) '\n', (byte) 0x1a, (byte)
                        '\n');
        set("jnovak", "thumbnailPhoto", ada);
        set("zmuller", "thumbnailPhoto", png);
        set("aeostergaard", "thumbnailPhoto", jpeg(150_000));
        String task = task(Map.of("photoAttribute", "thumbnailPhoto"));
        String runId = Runs.succeeded(task).getString("id");

        Map<String, Object> jan = syncedUser(task, "jnovak");
        assertEquals(true, jan.get("hasPhoto"));
        Response first = photo((String) jan.get("id"));
        assertEquals(200, first.statusCode());
        assertEquals("image/jpeg", first.contentType());
        assertArrayEquals(ada, first.asByteArray(), "byte for byte");
        String etag = first.header("ETag");
        given().header("If-None-Match", etag)
                .get("/api/v1/users/" + jan.get("id") + "/photo")
                .then()
                .statusCode(304);
        Response zoe = photo((String) syncedUser(task, "zmuller").get("id"));
        assertEquals("image/png", zoe.contentType());
        assertArrayEquals(png, zoe.asByteArray());

        Map<String, Object> large = syncedUser(task, "aeostergaard");
        assertEquals(false, large.get("hasPhoto"), "over USERSYNC_PHOTO_MAX_BYTES");
        photo((String) large.get("id")).then().statusCode(404);
        List<Map<String, Object>> warnings = json().queryParam("action", "WARNING")
                .get("/api/v1/runs/" + runId + "/changes")
                .then()
                .extract()
                .jsonPath()
                .getList("items");
        assertTrue(
                warnings.stream().anyMatch(w -> String.valueOf(w.get("reason")).contains("150000 bytes")),
                warnings.toString());

        assertEquals(0, Runs.succeeded(task).getInt("counts.usersUpdated"), "an unchanged photo writes nothing");
        byte[] newer = jpeg(5_000);
        set("jnovak", "thumbnailPhoto", newer);
        set("zmuller", "thumbnailPhoto", null);
        String changed = Runs.succeeded(task).getString("id");
        List<List<String>> fields = json().queryParam("action", "UPDATED")
                .get("/api/v1/runs/" + changed + "/changes")
                .then()
                .extract()
                .jsonPath()
                .getList("items.changedFields");
        assertEquals(List.of(List.of("photo"), List.of("photo")), fields);
        Response second = photo((String) jan.get("id"));
        assertArrayEquals(newer, second.asByteArray());
        assertNotEquals(etag, second.header("ETag"));
        given().header("If-None-Match", etag)
                .get("/api/v1/users/" + jan.get("id") + "/photo")
                .then()
                .statusCode(200);
        photo((String) syncedUser(task, "zmuller").get("id")).then().statusCode(404);
        set("jnovak", "thumbnailPhoto", null);
        set("aeostergaard", "thumbnailPhoto", null);
    }

    @Test
    void photosAreOptInAndBinaryAttributesAreBase64() throws Exception {
        SyncedStore.wipe();
        byte[] certificate = {0x30, (byte) 0x82, 0x01, (byte) 0xff, (byte) 0xc3, 0x28};
        set("jnovak", "thumbnailPhoto", jpeg(1_000));
        set("jnovak", "userCertificate", certificate);
        String task = task(Map.of("extraAttributes", List.of("userCertificate")));
        Runs.succeeded(task);
        Map<String, Object> jan = syncedUser(task, "jnovak");
        assertEquals(false, jan.get("hasPhoto"), "no photoAttribute, no photo");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) jan.get("attributes");
        assertEquals(
                Base64.getEncoder().encodeToString(certificate),
                attributes.get("userCertificate;binary"),
                attributes.toString());
        assertTrue(
                attributes.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("thumbnailPhoto")),
                Arrays.toString(attributes.keySet().toArray()));
        set("jnovak", "thumbnailPhoto", null);
        set("jnovak", "userCertificate", null);
    }
}
