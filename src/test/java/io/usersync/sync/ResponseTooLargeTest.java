package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A group whose entry is larger than the client's maximum message size: the SDK closes the connection, and the
 * run must say so (RESPONSE_TOO_LARGE, naming the setting) rather than call a reachable server unreachable.
 */
@QuarkusTest
@TestProfile(ResponseTooLargeTest.SmallMessages.class)
class ResponseTooLargeTest extends ApiTest {
    static final String BIG_GROUP = "CN=Everybody Else,OU=Groups," + AdLikeTree.CORP;

    public static class SmallMessages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("usersync.ldap.max-message-size", "16K");
        }
    }

    static InMemoryDirectoryServer directory;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start(0, 30);
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    @Test
    void anEntryAboveTheMaximumMessageSizeFailsTheRunAsResponseTooLarge() throws Exception {
        SyncedStore.wipe();
        Map<String, Object> body = demoDirectoryTask(
                unique("large"), createGroup(unique("Large"), null), directory.getListenPort(), AdLikeTree.CORP);
        String task = createTask(body);
        assertEquals("SUCCEEDED", Runs.run(task).getString("status"));
        int users = SyncedStore.userCount(task);
        // the connection test reads the root DSE only, which stays below the limit
        json().post("/api/v1/sync-tasks/" + task + "/test").then().statusCode(200);

        List<String> members = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            members.add(String.format("CN=Somebody Elsewhere %04d,OU=Elsewhere,OU=Far Away,%s", i, AdLikeTree.BASE));
        }
        directory.add(new Entry(
                BIG_GROUP,
                new Attribute("objectClass", "top", "group"),
                new Attribute("cn", "Everybody Else"),
                new Attribute("sAMAccountName", "Everybody Else"),
                new Attribute("groupType", "-2147483646"),
                AdLikeTree.guid(BIG_GROUP),
                new Attribute("member", members)));
        try {
            JsonPath run = Runs.run(task);
            assertEquals("FAILED", run.getString("status"), run.prettify());
            assertEquals("RESPONSE_TOO_LARGE", run.getString("failureCategory"), run.prettify());
            String reason = run.getString("failureReason");
            assertTrue(reason.contains("USERSYNC_LDAP_MAX_MESSAGE_SIZE"), reason);
            assertTrue(reason.contains("16384 bytes"), reason);
            assertTrue(reason.contains(AdLikeTree.CORP), reason);
            assertTrue(!reason.contains("unreachable"), reason);
            assertEquals(users, SyncedStore.userCount(task));
        } finally {
            directory.delete(BIG_GROUP);
        }
    }
}
