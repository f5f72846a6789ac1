package io.usersync.lab;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.LDAPException;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tombstones, restores, who disabled a user, and one object synced at once, against the lab's slapd. */
@QuarkusTest
class LifecycleOpenLdapIT extends SlapdSyncTest {
    private static final Logger LOG = Logger.getLogger(LifecycleOpenLdapIT.class);
    private LabChanges changes;

    @BeforeEach
    void connect() throws LDAPException {
        changes = LabChanges.onSlapd(slapd);
    }

    @AfterEach
    void close() {
        changes.close();
    }

    private LifecycleScenarios.Lab lab() {
        return new LifecycleScenarios.Lab() {
            @Override
            public LabChanges changes() {
                return changes;
            }

            @Override
            public Map<String, Object> task(String extinction) {
                Map<String, Object> body = slapdTask(unique("life"), List.of(inside()));
                body.put("userExtinctionHandling", extinction);
                return body;
            }

            @Override
            public String inside() {
                return slapd.seed.salesDn();
            }

            @Override
            public String outside() {
                return slapd.seed.platformDn();
            }

            @Override
            public LifecycleScenarios.Revival delete(String dn, String externalId) throws LDAPException {
                // slapd keeps no tombstone: the entry comes back by an add that sets its entryUUID (Relax Rules)
                AddRequest add = changes.deleteForReAdd(dn);
                return () -> changes.add(add);
            }
        };
    }

    @Test
    void aUserOutOfScopeOrDeletedComesBackAsItself() throws LDAPException {
        LifecycleScenarios.tombstoneAndRestore(lab(), "life.ldap");
    }

    @Test
    void aUserAnAdminDisabledStaysDisabled() throws LDAPException {
        LifecycleScenarios.adminDisabledStaysDisabled(lab(), "admin.ldap");
    }

    @Test
    void disableThenRemovePassesThroughBothSteps() throws LDAPException {
        LifecycleScenarios.disableThenRemove(lab(), "dtr.ldap");
    }

    @Test
    void oneObjectAtOnce() throws LDAPException {
        List<Long> ms = LifecycleScenarios.oneObject(lab(), "one.ldap", outside -> Slapd.LIMITED_DN);
        LOG.infof(
                "one-object runs against slapd (create, update, out of scope, median and slowest of 15 unchanged): %s ms",
                ms);
    }
}
