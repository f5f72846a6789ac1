package io.usersync.lab;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.unboundid.ldap.sdk.SearchScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.support.ApiTest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Browse and connection test against the lab's real Samba AD and OpenLDAP, TLS failures included. */
@QuarkusTest
class DirectoryLabIT extends ApiTest {
    static SambaDc dc;
    static Slapd slapd;

    @BeforeAll
    static void lab() {
        dc = SambaDc.get();
        slapd = Slapd.get();
    }

    static Map<String, Object> samba(String pem) {
        Map<String, Object> d = new HashMap<>(Map.of(
                "type",
                "ACTIVE_DIRECTORY",
                "host",
                "127.0.0.1",
                "port",
                636,
                "security",
                "LDAPS",
                "login",
                SambaDc.LOGIN,
                "password",
                SambaDc.PASSWORD));
        if (pem != null) {
            d.put("trustedCertificatesPem", pem);
        }
        return d;
    }

    static Map<String, Object> openLdap(String host, int port, String security) {
        return new HashMap<>(Map.of(
                "type",
                "LDAP",
                "host",
                host,
                "port",
                port,
                "security",
                security,
                "login",
                Slapd.SYNC_DN,
                "password",
                Slapd.SYNC_PASSWORD,
                "trustedCertificatesPem",
                slapd.caPem));
    }

    /** A server whose certificate does not name the host connected to is skipped with its reason; the next serves. */
    @Test
    void aServerWhoseCertificateDoesNotNameItIsSkippedForTheNext() {
        Map<String, Object> d = samba(slapd.caPem + "\n" + dc.caPem);
        d.remove("host");
        d.remove("port");
        d.put("hosts", List.of("127.0.0.1:" + slapd.ldapsPort, "localhost:636"));
        JsonPath test = json().body(Map.of("directory", d))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("localhost", test.getString("server.host"), test.prettify());
        assertEquals(List.of("FAILED", "CONNECTED"), test.getList("candidates.outcome"));
        assertEquals("TLS_HOSTNAME_MISMATCH", test.getString("candidates[0].category"), test.prettify());
        assertEquals("hosts[0]", test.getString("candidates[0].origin"));
    }

    @Test
    void sambaConnectionTestOverLdapsShowsAdAndItsCapabilities() {
        json().body(Map.of("directory", samba(dc.caPem)))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(200)
                .body("serverType", equalTo("ACTIVE_DIRECTORY"))
                .body("defaultNamingContext", equalTo(SambaDc.DOMAIN_BASE))
                .body("tls.protocol", startsWith("TLS"))
                .body("tls.certificateSubject", equalTo("CN=localhost"))
                .body("capabilities.pagedResults", equalTo(true))
                .body("capabilities.dirSync", equalTo(true))
                .body("capabilities.inChain", equalTo(true));
    }

    @Test
    void sambaRootsPutTheDefaultNamingContextFirstAndHideSystemPartitions() {
        json().body(Map.of("directory", samba(dc.caPem)))
                .post("/api/v1/directory/browse")
                .then()
                .statusCode(200)
                .body("items[0].dn", equalTo(SambaDc.DOMAIN_BASE))
                .body("items[0].defaultNamingContext", equalTo(true))
                .body("items.dn", not(hasItem(startsWith("CN=Configuration"))));
        json().body(Map.of("directory", samba(dc.caPem), "includeSystemPartitions", true))
                .post("/api/v1/directory/browse")
                .then()
                .statusCode(200)
                .body("items.dn", hasItem(startsWith("CN=Configuration")));
        json().body(Map.of("directory", samba(dc.caPem), "dn", SambaDc.BASE))
                .post("/api/v1/directory/browse")
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("Groups", "People")))
                .body("items.kind", equalTo(List.of("OU", "OU")));
        json().body(Map.of("directory", samba(dc.caPem), "dn", "OU=Groups," + SambaDc.BASE))
                .post("/api/v1/directory/browse")
                .then()
                .statusCode(200)
                .body("items.kind", not(hasItem("USER")))
                .body("items.find { it.name == 'All Staff' }.kind", equalTo("GROUP"));
        json().body(Map.of("directory", samba(dc.caPem), "dn", "OU=Missing," + SambaDc.BASE))
                .post("/api/v1/directory/browse")
                .then()
                .statusCode(404);
    }

    @Test
    void tlsFailuresAreTold() {
        json().body(Map.of("directory", samba(null)))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(422)
                .body("category", equalTo("TLS_UNTRUSTED_CERTIFICATE"));
        json().body(Map.of("directory", openLdap("127.0.0.1", slapd.ldapsPort, "LDAPS")))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(422)
                .body("category", equalTo("TLS_HOSTNAME_MISMATCH"));
        Map<String, Object> wrong = samba(dc.caPem);
        wrong.put("password", "not-it");
        json().body(Map.of("directory", wrong))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(422)
                .body("category", equalTo("INVALID_CREDENTIALS"))
                .body("adSubCode", equalTo("52e"));
    }

    @Test
    void pagesThroughARealContainerInOrderWithoutRepeats() throws Exception {
        String sales = slapd.seed.salesDn();
        int expected;
        try (var admin = slapd.admin()) {
            expected = admin.search(sales, SearchScope.ONE, "(objectClass=*)", "1.1")
                    .getEntryCount();
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> body = new HashMap<>(
                    Map.of("directory", openLdap("127.0.0.1", slapd.port, "NONE"), "dn", sales, "pageSize", 200));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            var page = json().body(body)
                    .post("/api/v1/directory/browse")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            for (String dn : page.<String>getList("items.dn")) {
                Assertions.assertTrue(seen.add(dn.toLowerCase()), "repeated " + dn);
            }
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        Assertions.assertEquals(expected, seen.size());
        Assertions.assertEquals((expected + 199) / 200, pages);
    }

    /** slapd's lab certificate is trusted but names another host: verification refuses it, an explicit opt-out does not. */
    @Test
    void openLdapTlsIsRefusedForTheWrongNameUnlessTheTaskOptsOut() {
        json().body(Map.of("directory", openLdap("localhost", slapd.port, "STARTTLS")))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(422)
                .body("category", equalTo("TLS_HOSTNAME_MISMATCH"));
        Map<String, Object> optOut = openLdap("127.0.0.1", slapd.ldapsPort, "LDAPS");
        optOut.put("trustAllCertificates", true);
        json().body(Map.of("directory", optOut))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(200)
                .body("serverType", equalTo("OPENLDAP"))
                .body("capabilities.contentSync", equalTo(true))
                .body("tls.certificateSubject", equalTo("CN=mismatch.lab.invalid"));
        Map<String, Object> plain = openLdap("127.0.0.1", slapd.port, "NONE");
        json().body(Map.of("directory", plain))
                .post("/api/v1/directory/browse")
                .then()
                .statusCode(200)
                .body("items.dn", equalTo(List.of(Slapd.SUFFIX)))
                .body("items[0].kind", equalTo("DOMAIN"));
        json().body(Map.of("directory", plain, "dn", "ou=People," + Slapd.BASE))
                .post("/api/v1/directory/browse")
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("Engineering", "Sales")));
    }
}
