package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usersync.demo.AdLikeTree;
import io.usersync.demo.DemoDirectory;
import io.usersync.support.ApiTest;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Servers that answer in ways slapd and Samba do not, made with UnboundID's in-memory server: a run that
 * cannot know its read was complete fails, and removes nothing.
 */
@QuarkusTest
class IncompleteReadsTest extends ApiTest {
    static final AtomicBoolean dropPagedControl = new AtomicBoolean();
    static InMemoryDirectoryServer directory;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start(0, 30, new InMemoryOperationInterceptor() {
            @Override
            public void processSearchResult(InMemoryInterceptedSearchResult result) {
                LDAPResult r = result.getResult();
                if (dropPagedControl.get() && r.hasResponseControl(SimplePagedResultsControl.PAGED_RESULTS_OID)) {
                    result.setResult(new LDAPResult(
                            r.getMessageID(),
                            r.getResultCode(),
                            r.getDiagnosticMessage(),
                            r.getMatchedDN(),
                            r.getReferralURLs(),
                            new Control[0]));
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    @BeforeEach
    void wipe() {
        dropPagedControl.set(false);
        SyncedStore.wipe();
    }

    @Test
    void aPageWithoutThePagedResultsControlFailsTheRead() {
        Map<String, Object> body = demoDirectoryTask(
                unique("paged"), createGroup(unique("Paged"), null), directory.getListenPort(), AdLikeTree.CORP);
        body.put("deleteThreshold", Map.of("maxPercent", 100));
        String task = createTask(body);
        assertEquals("SUCCEEDED", Runs.run(task).getString("status"));
        int users = SyncedStore.userCount(task);

        dropPagedControl.set(true);
        JsonPath run = Runs.run(task);
        assertEquals("FAILED", run.getString("status"), run.prettify());
        assertEquals("INCOMPLETE_RESULT", run.getString("failureCategory"));
        assertTrue(run.getString("failureReason").contains("paged-results control"), run.getString("failureReason"));
        assertEquals(users, SyncedStore.userCount(task));
    }
}
