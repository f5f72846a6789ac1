package io.usersync.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.usersync.support.Runs;
import io.usersync.support.SyncedStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ranged member reads are AD's: with a range step set, OpenLDAP's groups still read in full (it ignores member;range=). */
@QuarkusTest
@TestProfile(SmallRanges.class)
class OpenLdapSmallRangesIT extends SlapdSyncTest {
    @Test
    void groupsOfMoreMembersThanARangeReadInFull() {
        String task = createTask(slapdTask("ranges", List.of(Slapd.BASE)));
        Runs.succeeded(task);
        assertEquals(slapd.seed.users(), SyncedStore.memberCount(SyncedStore.groupId(task, "All Staff")));
    }
}
