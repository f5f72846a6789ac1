package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.usersync.support.Runs;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A task by {@code domain}: the domain controllers come from DNS SRV records served by a real DNS server
 * (dnsmasq), ordered by priority, the site's first; a DC that refuses connections is skipped, and the run
 * says which DC it used and why it skipped the others.
 */
@QuarkusTest
@TestProfile(LabDnsProfile.class)
class DomainDiscoveryIT extends SlapdSyncTest {
    static final String DOMAIN = "corp.lab";
    static final String DC_SRV = "_ldap._tcp.dc._msdcs." + DOMAIN;

    /** A loopback port nothing listens on: connections to it are refused. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void records(String... records) {
        LabDnsProfile.dns().replaceRecords(List.of(records));
    }

    static Map<String, Object> byDomain(String site) {
        Map<String, Object> body = slapdTask("by-domain", List.of(Slapd.BASE));
        Map<String, Object> directory = directoryOf(body);
        directory.remove("host");
        directory.remove("port");
        directory.put("domain", DOMAIN);
        if (site != null) {
            directory.put("site", site);
        }
        return body;
    }

    @Test
    void theDcWithTheLowestPriorityServesAndOneThatRefusesIsSkipped() throws IOException {
        int refused = closedPort();
        records(
                LabDns.srv(DC_SRV, "dc1." + DOMAIN, refused, 0, 100),
                LabDns.srv(DC_SRV, "dc2." + DOMAIN, slapd.port, 10, 100),
                LabDns.srv(DC_SRV, "dc3." + DOMAIN, slapd.port, 20, 100),
                LabDns.host("dc1." + DOMAIN, "127.0.0.1"),
                LabDns.host("dc2." + DOMAIN, "127.0.0.1"),
                LabDns.host("dc3." + DOMAIN, "127.0.0.1"));

        JsonPath test = json().body(Map.of("directory", directoryOf(byDomain(null))))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("dc2." + DOMAIN, test.getString("server.host"), test.prettify());
        assertEquals(List.of("dc1." + DOMAIN, "dc2." + DOMAIN, "dc3." + DOMAIN), test.getList("candidates.host"));
        assertEquals(List.of("FAILED", "CONNECTED", "CONNECTED"), test.getList("candidates.outcome"));
        assertEquals("CONNECTION_REFUSED", test.getString("candidates[0].category"));
        assertEquals(List.of(refused, slapd.port, slapd.port), test.getList("candidates.port", Integer.class));
        assertTrue(test.getString("candidates[0].origin").contains(DC_SRV + " priority 0"), test.prettify());

        String task = createTask(byDomain(null));
        JsonPath run = Runs.succeeded(task, Map.of("mode", "FULL"));
        assertEquals("dc2." + DOMAIN, run.getString("server.host"), run.prettify());
        assertEquals(slapd.port, run.getInt("server.port"));
        List<String> skipped = run.getList("server.skipped");
        assertEquals(1, skipped.size(), run.prettify());
        assertTrue(skipped.get(0).startsWith("dc1." + DOMAIN + ":" + refused), skipped.get(0));
        assertTrue(skipped.get(0).contains("CONNECTION_REFUSED"), skipped.get(0));
        assertTrue(run.getInt("counts.usersCreated") > 0, run.prettify());

        // the next run starts again from the first candidate: once dc1 answers, it serves
        records(
                LabDns.srv(DC_SRV, "dc1." + DOMAIN, slapd.port, 0, 100),
                LabDns.srv(DC_SRV, "dc2." + DOMAIN, slapd.port, 10, 100),
                LabDns.host("dc1." + DOMAIN, "127.0.0.1"),
                LabDns.host("dc2." + DOMAIN, "127.0.0.1"));
        JsonPath again = Runs.succeeded(task, Map.of());
        assertEquals("dc1." + DOMAIN, again.getString("server.host"), again.prettify());
        assertEquals(List.of(), again.getList("server.skipped"));
    }

    @Test
    void theSitesDcsComeFirst() {
        records(
                LabDns.srv(DC_SRV, "dc1." + DOMAIN, slapd.port, 0, 100),
                LabDns.srv("_ldap._tcp.Branch._sites.dc._msdcs." + DOMAIN, "branch-dc." + DOMAIN, slapd.port, 0, 100),
                LabDns.host("dc1." + DOMAIN, "127.0.0.1"),
                LabDns.host("branch-dc." + DOMAIN, "127.0.0.1"));
        JsonPath test = json().body(Map.of("directory", directoryOf(byDomain("Branch"))))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("branch-dc." + DOMAIN, test.getString("server.host"), test.prettify());
        assertEquals(List.of("branch-dc." + DOMAIN, "dc1." + DOMAIN), test.getList("candidates.host"));
    }

    @Test
    void aDomainWithoutRecordsIsADnsProblemNamingTheNamesAsked() {
        records(LabDns.host("dc1." + DOMAIN, "127.0.0.1"));
        Map<String, Object> directory = directoryOf(byDomain("Branch"));
        json().body(Map.of("directory", directory))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(422)
                .body("category", org.hamcrest.Matchers.equalTo("DNS"))
                .body("detail", org.hamcrest.Matchers.containsString(DC_SRV))
                .body("detail", org.hamcrest.Matchers.containsString("_ldap._tcp.Branch._sites.dc._msdcs." + DOMAIN));
        String task = createTask(byDomain(null));
        JsonPath run = Runs.run(task);
        assertEquals("FAILED", run.getString("status"), run.prettify());
        assertEquals("DNS", run.getString("failureCategory"));
    }

    @Test
    void everyCandidateFailingIsOneProblemListingThemAll() throws IOException {
        int refused = closedPort();
        records(
                LabDns.srv(DC_SRV, "dc1." + DOMAIN, refused, 0, 100),
                LabDns.srv(DC_SRV, "dc2." + DOMAIN, refused, 10, 100),
                LabDns.host("dc1." + DOMAIN, "127.0.0.1"),
                LabDns.host("dc2." + DOMAIN, "127.0.0.1"));
        JsonPath problem = json().body(Map.of("directory", directoryOf(byDomain(null))))
                .post("/api/v1/directory/test")
                .then()
                .statusCode(422)
                .extract()
                .jsonPath();
        assertEquals("CONNECTION_REFUSED", problem.getString("category"));
        assertEquals(List.of("FAILED", "FAILED"), problem.getList("candidates.outcome"));
    }
}
