package io.usersync.lab;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import io.usersync.support.TestSecrets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kerberos binds to the lab's Samba AD DC, with a password and with a keytab exported by samba-tool, on plain
 * LDAP (signed and sealed) and on LDAPS; and the DC requiring strong authentication: simple binds on plain LDAP
 * are refused as STRONGER_AUTH_REQUIRED, while GSSAPI on 389 and simple binds on 636 go on working.
 */
@QuarkusTest
class SambaKerberosIT extends SambaSyncTest {
    static final String ACCOUNT = "svc-krb";
    static final String PASSWORD = "Krb-Sync-Passw0rd!7";
    static SambaKerberos kerberos;
    static String keytab;

    @BeforeAll
    static void serviceAccountWithKeytab() {
        kerberos = SambaKerberos.get();
        TestSecrets.remember(PASSWORD);
        kerberos.user(ACCOUNT, PASSWORD);
        keytab = Base64.getEncoder().encodeToString(kerberos.exportKeytab(SambaKerberos.principal(ACCOUNT)));
        TestSecrets.remember(keytab);
    }

    /** A GSSAPI connection to the DC on 389 (NONE) or 636 (LDAPS), with the password or the keytab. */
    static Map<String, Object> gssapi(boolean ldaps, boolean withKeytab) {
        Map<String, Object> d = new HashMap<>();
        d.put("type", "ACTIVE_DIRECTORY");
        d.put("host", "127.0.0.1");
        d.put("port", ldaps ? 636 : 389);
        d.put("security", ldaps ? "LDAPS" : "NONE");
        d.put("bindMethod", "GSSAPI");
        // NetBIOS form: the realm comes from the DC's naming context
        d.put("login", "EXAMPLE\\" + ACCOUNT);
        d.put("kdc", SambaKerberos.KDC_HOST + ":" + SambaKerberos.KDC_PORT);
        d.put("trustedCertificatesPem", dc.caPem);
        if (withKeytab) {
            d.put("keytab", keytab);
        } else {
            d.put("password", PASSWORD);
        }
        return d;
    }

    static Map<String, Object> simple(boolean ldaps) {
        Map<String, Object> d = new HashMap<>();
        d.put("type", "ACTIVE_DIRECTORY");
        d.put("host", "127.0.0.1");
        d.put("port", ldaps ? 636 : 389);
        d.put("security", ldaps ? "LDAPS" : "NONE");
        d.put("login", SambaDc.LOGIN);
        d.put("password", SambaDc.PASSWORD);
        d.put("trustedCertificatesPem", dc.caPem);
        return d;
    }

    static JsonPath connectionTest(Map<String, Object> directory, int status) {
        var response = json().body(Map.of("directory", directory))
                .post("/api/v1/directory/test")
                .then()
                .extract()
                .response();
        assertEquals(status, response.statusCode(), response.asString());
        return response.jsonPath();
    }

    static String task(Map<String, Object> directory) {
        Map<String, Object> body = localDirectoryTask(
                "kerberos", "ACTIVE_DIRECTORY", 389, "NONE", SambaDc.LOGIN, SambaDc.PASSWORD, List.of(SambaDc.BASE));
        body.put("directory", directory);
        return createTask(body);
    }

    @Test
    void passwordAndKeytabBindOnPlainLdapAndOnLdaps() {
        for (boolean ldaps : List.of(false, true)) {
            for (boolean withKeytab : List.of(false, true)) {
                JsonPath test = connectionTest(gssapi(ldaps, withKeytab), 200);
                String which =
                        (ldaps ? "LDAPS" : "plain LDAP") + (withKeytab ? " with the keytab" : " with the password");
                assertEquals("ACTIVE_DIRECTORY", test.getString("serverType"), which);
                assertEquals(
                        SambaKerberos.DC_HOST_NAME,
                        test.getString("server.dnsHostName").toLowerCase(),
                        which);
            }
        }
        // a run reads everything through the signed and sealed connection, and through LDAPS
        String keytabTask = task(gssapi(false, true));
        JsonPath task = json().get("/api/v1/sync-tasks/" + keytabTask)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(task.getBoolean("directory.keytabSet"));
        assertFalse(task.getBoolean("directory.passwordSet"));
        assertEquals("GSSAPI", task.getString("directory.bindMethod"));
        assertFalse(task.prettify().contains(keytab.substring(0, 40)));
        // browsing through the task's stored keytab: pooled connections bind with Kerberos too
        json().queryParam("dn", SambaDc.BASE)
                .get("/api/v1/sync-tasks/" + keytabTask + "/browse")
                .then()
                .statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.greaterThan(0));
        JsonPath run = Runs.succeeded(keytabTask, Map.of("mode", "FULL"));
        assertEquals(dc.seed.users(), run.getInt("counts.usersCreated"), run.prettify());

        SyncedStore.wipe();
        JsonPath overLdaps = Runs.succeeded(task(gssapi(true, false)), Map.of("mode", "FULL"));
        assertEquals(dc.seed.users(), overLdaps.getInt("counts.usersCreated"), overLdaps.prettify());
    }

    @Test
    void aWrongPasswordIsInvalidCredentials() {
        Map<String, Object> d = gssapi(false, false);
        d.put("password", "not-the-password");
        JsonPath problem = connectionTest(d, 422);
        assertEquals("INVALID_CREDENTIALS", problem.getString("category"), problem.prettify());
    }

    @Test
    void whenTheDcRequiresStrongAuthSimpleBindsOnPlainLdapAreRefusedAndTheRestWork() {
        String simplePlain = task(simple(false));
        kerberos.requireStrongAuth(SambaKerberos.StrongAuth.YES);
        try {
            json().body(Map.of("directory", simple(false)))
                    .post("/api/v1/directory/test")
                    .then()
                    .statusCode(422)
                    .body("category", equalTo("STRONGER_AUTH_REQUIRED"))
                    .body("detail", containsString("GSSAPI"));
            JsonPath refused = Runs.run(simplePlain);
            assertEquals("FAILED", refused.getString("status"), refused.prettify());
            assertEquals("STRONGER_AUTH_REQUIRED", refused.getString("failureCategory"), refused.prettify());

            connectionTest(gssapi(false, true), 200);
            connectionTest(simple(true), 200);
            JsonPath signed = Runs.succeeded(task(gssapi(false, false)), Map.of("mode", "FULL"));
            assertEquals("127.0.0.1", signed.getString("server.host"));
        } finally {
            kerberos.requireStrongAuth(SambaKerberos.StrongAuth.NO);
        }
    }
}
