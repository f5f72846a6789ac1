package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.usersync.support.Runs;
import io.usersync.support.TestSecrets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Kerberos task that names only the AD domain: the DC comes from its _ldap._tcp.dc._msdcs SRV record and
 * the KDC from _kerberos._tcp, both served by the lab's DNS server; the run records the DC's dnsHostName.
 */
@QuarkusTest
@TestProfile(LabDnsProfile.class)
class SambaByDomainIT extends SambaSyncTest {
    static final String ACCOUNT = "svc-krb-dns";
    static final String PASSWORD = "Krb-Dns-Passw0rd!3";

    @Test
    void aKerberosTaskByDomainFindsTheDcAndTheKdcInDns() {
        SambaKerberos kerberos = SambaKerberos.get();
        TestSecrets.remember(PASSWORD);
        kerberos.user(ACCOUNT, PASSWORD);
        LabDnsProfile.dns()
                .replaceRecords(List.of(
                        LabDns.srv("_ldap._tcp.dc._msdcs.example.test", "dc1.example.test", 389, 0, 100),
                        LabDns.srv("_kerberos._tcp.example.test", "dc1.example.test", SambaKerberos.KDC_PORT, 0, 100),
                        LabDns.host("dc1.example.test", "127.0.0.1")));
        Map<String, Object> d = new HashMap<>();
        d.put("type", "ACTIVE_DIRECTORY");
        d.put("domain", "example.test");
        d.put("security", "NONE");
        d.put("bindMethod", "GSSAPI");
        d.put("login", "EXAMPLE\\" + ACCOUNT);
        d.put("password", PASSWORD);
        Map<String, Object> body = localDirectoryTask(
                "by-domain", "ACTIVE_DIRECTORY", 389, "NONE", SambaDc.LOGIN, SambaDc.PASSWORD, List.of(SambaDc.BASE));
        body.put("directory", d);
        String task = createTask(body);
        JsonPath stored = json().get("/api/v1/sync-tasks/" + task)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("example.test", stored.getString("directory.domain"));
        assertNull(stored.get("directory.port"), "NONE takes the SRV record's port");

        JsonPath run = Runs.succeeded(task, Map.of("mode", "FULL"));
        assertEquals("dc1.example.test", run.getString("server.host"), run.prettify());
        assertEquals(389, run.getInt("server.port"));
        assertEquals(
                SambaKerberos.DC_HOST_NAME, run.getString("server.dnsHostName").toLowerCase());
        assertTrue(run.getInt("counts.usersCreated") > 0, run.prettify());
    }
}
