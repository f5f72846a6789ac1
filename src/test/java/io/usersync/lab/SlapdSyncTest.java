package io.usersync.lab;

import io.usersync.support.ApiTest;
import io.usersync.support.SyncedStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that sync the lab's slapd: each starts from an empty synced store (tasks over one directory collide). */
abstract class SlapdSyncTest extends ApiTest {
    static Slapd slapd;

    @BeforeAll
    static void startSlapd() {
        slapd = Slapd.get();
    }

    @BeforeEach
    void wipeSyncedStore() {
        SyncedStore.wipe();
    }

    /** A task reading slapd, or a gate in front of it on another port, as plain LDAP. */
    static Map<String, Object> slapdTask(String name, int port, String login, String password, List<String> baseDns) {
        return localDirectoryTask(name, "LDAP", port, "NONE", login, password, baseDns);
    }

    /** A task reading slapd below these base DNs as the sync account. */
    static Map<String, Object> slapdTask(String name, List<String> baseDns) {
        return slapdTask(name, slapd.port, Slapd.SYNC_DN, Slapd.SYNC_PASSWORD, baseDns);
    }
}
