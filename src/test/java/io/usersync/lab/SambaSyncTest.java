package io.usersync.lab;

import io.usersync.support.ApiTest;
import io.usersync.support.SyncedStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that sync the lab's Samba AD DC: each starts from an empty synced store (tasks over one directory collide by SID). */
abstract class SambaSyncTest extends ApiTest {
    static SambaDc dc;

    @BeforeAll
    static void startSamba() {
        dc = SambaDc.get();
    }

    @BeforeEach
    void wipeSyncedStore() {
        SyncedStore.wipe();
    }
}
