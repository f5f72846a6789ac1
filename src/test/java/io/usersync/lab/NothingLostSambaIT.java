package io.usersync.lab;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.support.LdapGate;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** The ways a read can be wrong that only Active Directory has, on a real Samba AD DC. */
@QuarkusTest
class NothingLostSambaIT extends SambaSyncTest {
    /** An OU of the test's own below the domain, with users (enabled, no password needed) named by sAMAccountName. */
    private static final class AdTree implements AutoCloseable {
        final String root;
        final LDAPConnection admin;

        AdTree(String prefix) throws LDAPException {
            admin = SambaDc.admin();
            root = "OU=" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "," + SambaDc.DOMAIN_BASE;
            ou(root);
        }

        String ou(String dn) throws LDAPException {
            admin.add(new Entry(dn, new Attribute("objectClass", "top", "organizationalUnit")));
            return dn;
        }

        String user(String parent, String login) throws LDAPException {
            String dn = "CN=" + login + "," + parent;
            admin.add(new Entry(
                    dn,
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                    new Attribute("sAMAccountName", login),
                    new Attribute("userAccountControl", "544")));
            return dn;
        }

        List<String> users(String parent, String prefix, int n) throws LDAPException {
            List<String> dns = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                dns.add(user(parent, prefix + i));
            }
            return dns;
        }

        /** An enabled account with a password, and no rights beyond an ordinary user's. */
        String account(String login, String password) throws LDAPException {
            String dn = user(root, login);
            byte[] quoted = ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
            admin.modify(
                    dn,
                    new Modification(ModificationType.REPLACE, "unicodePwd", quoted),
                    new Modification(ModificationType.REPLACE, "userAccountControl", "512"));
            return dn;
        }

        String move(String dn, String newParent) throws LDAPException {
            String rdn = dn.substring(0, dn.indexOf(','));
            admin.modifyDN(dn, rdn, true, newParent);
            return rdn + "," + newParent;
        }

        @Override
        public void close() {
            admin.close();
        }
    }

    /** A task that removes what is gone, with a threshold that lets these small trees' removals through. */
    private static Map<String, Object> body(int port, List<String> baseDns, String login, String password) {
        Map<String, Object> body =
                localDirectoryTask("nothing-lost-ad", "ACTIVE_DIRECTORY", port, "NONE", login, password, baseDns);
        body.put("userExtinctionHandling", "REMOVE");
        body.put("deleteThreshold", Map.of("maxCount", 500, "maxPercent", 100));
        return body;
    }

    private static Map<String, Object> body(int port, List<String> baseDns) {
        return body(port, baseDns, SambaDc.UPN, SambaDc.PASSWORD);
    }

    @Test
    void anAccountThatCannotSeeTombstonesNeverRunsIncrementally() throws Exception {
        try (AdTree t = new AdTree("tombstones")) {
            String people = t.ou("OU=People," + t.root);
            List<String> users = t.users(people, "ts" + t.root.substring(3, 11), 3);
            String login = "low" + t.root.substring(13, 21);
            t.account(login, "Low-Passw0rd!1");
            String task = createTask(body(389, List.of(people), login + "@example.test", "Low-Passw0rd!1"));
            Runs.succeeded(task);
            t.admin.delete(users.get(0));

            JsonPath run = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
            assertEquals("FULL", run.getString("executedMode"), run.prettify());
            assertTrue(run.getString("modeReason").contains("deleted objects"), run.getString("modeReason"));
            assertEquals(1, run.getInt("counts.usersRemoved"));
            assertEquals(2, SyncedStore.userCount(task));
        }
    }

    @Test
    void twoTasksFirstRunsAtOnceDoNotCreateTheSameUsersTwice() throws Exception {
        try (AdTree t = new AdTree("overlap");
                LdapGate gate = new LdapGate("127.0.0.1", 389)) {
            t.users(t.root, "ov" + t.root.substring(3, 11), 5);
            String a = createTask(body(gate.port(), List.of(t.root)));
            String b = createTask(body(gate.port(), List.of(t.root)));
            // both reads end together, so that both plans would see a store without the other's users
            var groupsSearch = LdapGate.subtreeSearchFor("objectClass=group");
            LdapGate.Hold first = gate.holdNext(groupsSearch);
            LdapGate.Hold second = gate.holdNext(groupsSearch);
            String runA = Runs.trigger(a, Map.of());
            String runB = Runs.trigger(b, Map.of());
            assertTrue(first.awaitHeld(Duration.ofSeconds(30)));
            assertTrue(second.awaitHeld(Duration.ofSeconds(30)));
            first.release();
            second.release();
            JsonPath ra = Runs.awaitEnd(runA);
            JsonPath rb = Runs.awaitEnd(runB);
            assertEquals(
                    5,
                    ra.getInt("counts.usersCreated") + rb.getInt("counts.usersCreated"),
                    ra.prettify() + rb.prettify());
            assertEquals(5, ra.getInt("counts.collisions") + rb.getInt("counts.collisions"));
        }
    }

    @Test
    void aUserMovedBetweenBaseDnsDuringTheReadIsKeptByItsGuid() throws Exception {
        try (AdTree t = new AdTree("moves");
                LdapGate gate = new LdapGate("127.0.0.1", 389)) {
            String first = t.ou("OU=First," + t.root);
            t.users(first, "mf" + t.root.substring(3, 11), 5);
            String second = t.ou("OU=Second," + t.root);
            String bob = t.user(second, "mb" + t.root.substring(3, 11));
            String task = createTask(body(gate.port(), List.of(first, second)));
            Runs.succeeded(task);
            String bobId = given().queryParam("taskId", task)
                    .queryParam("q", "mb" + t.root.substring(3, 11))
                    .get("/api/v1/users")
                    .then()
                    .extract()
                    .path("items[0].id");

            LdapGate.Hold hold = gate.holdNext(LdapGate.searchBelow(second));
            String runId = Runs.trigger(task, Map.of());
            assertTrue(hold.awaitHeld(Duration.ofSeconds(30)));
            t.move(bob, first);
            hold.release();
            JsonPath run = Runs.awaitEnd(runId);
            assertEquals("WARNING", run.getString("status"), run.prettify());
            assertEquals(0, run.getInt("counts.usersRemoved"));
            given().get("/api/v1/users/" + bobId).then().statusCode(200);
            Runs.succeeded(task);
            given().get("/api/v1/users/" + bobId).then().statusCode(200);
        }
    }

    @Test
    void aUserMovedIntoANewOuAndDisabledIsLeftOutIncrementally() throws Exception {
        try (AdTree t = new AdTree("reread")) {
            String people = t.ou("OU=People," + t.root);
            String login = "rr" + t.root.substring(3, 11);
            String alice = t.user(people, login);
            Map<String, Object> body = body(389, List.of(t.root));
            body.put("skipDisabledUsers", true);
            body.put("userExtinctionHandling", "DISABLE");
            String task = createTask(body);
            Runs.succeeded(task);

            String moved = t.move(alice, t.ou("OU=New," + t.root));
            t.admin.modify(moved, new Modification(ModificationType.REPLACE, "userAccountControl", "546"));
            JsonPath run = Runs.succeeded(task, Map.of("mode", "INCREMENTAL"));
            assertEquals("INCREMENTAL", run.getString("executedMode"), run.prettify());
            assertEquals(1, run.getInt("counts.usersDisabled"), run.prettify());
            given().queryParam("taskId", task)
                    .queryParam("q", login)
                    .get("/api/v1/users")
                    .then()
                    .body("items[0].enabled", Matchers.equalTo(false));
        }
    }
}
