package io.usersync.lab;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.usersync.support.Runs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A jpegPhoto on a real slapd (schema-checked, binary syntax), round-tripped through the photo endpoint. */
@QuarkusTest
class OpenLdapPhotoIT extends SlapdSyncTest {

    @Test
    void aJpegPhotoRoundTripsByteForByteWithAnETag() throws Exception {
        byte[] photo = new byte[6_000];
        for (int i = 0; i < photo.length; i++) {
            photo[i] = (byte) (i * 13 + 1);
        }
        photo[0] = (byte) 0xff;
        photo[1] = (byte) 0xd8;
        photo[2] = (byte) 0xff;
        String labUser;
        try (LabChanges lab = LabChanges.onSlapd(slapd);
                LDAPConnection admin = slapd.admin()) {
            labUser = lab.addUser(Slapd.BASE, "Photo Person", "photo.person");
            admin.modify(labUser, new Modification(ModificationType.ADD, "jpegPhoto", photo));
        }
        try {
            Map<String, Object> body = slapdTask("photo", List.of(Slapd.BASE));
            directoryOf(body).put("mapping", Map.of("photoAttribute", "jpegPhoto"));
            String task = createTask(body);
            Runs.succeeded(task);
            Map<String, Object> user = syncedUser(task, "photo.person");
            assertEquals(true, user.get("hasPhoto"));
            Response served = given().get("/api/v1/users/" + user.get("id") + "/photo");
            assertEquals(200, served.statusCode());
            assertEquals("image/jpeg", served.contentType());
            assertArrayEquals(photo, served.asByteArray());
            given().header("If-None-Match", served.header("ETag"))
                    .get("/api/v1/users/" + user.get("id") + "/photo")
                    .then()
                    .statusCode(304);
        } finally {
            try (LabChanges lab = LabChanges.onSlapd(slapd)) {
                lab.delete(labUser);
            }
        }
    }
}
