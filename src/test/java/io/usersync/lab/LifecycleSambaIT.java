package io.usersync.lab;

import com.unboundid.ldap.sdk.LDAPException;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tombstones, restores (reanimated AD tombstones too), who disabled a user, and one object at once, on Samba AD. */
@QuarkusTest
class LifecycleSambaIT extends SambaSyncTest {
    private static final Logger LOG = Logger.getLogger(LifecycleSambaIT.class);
    private LabChanges changes;

    @BeforeEach
    void connect() throws LDAPException {
        changes = LabChanges.onSamba();
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
                Map<String, Object> body = localDirectoryTask(
                        unique("life"),
                        "ACTIVE_DIRECTORY",
                        636,
                        "LDAPS",
                        SambaDc.LOGIN,
                        SambaDc.PASSWORD,
                        List.of(inside()));
                directoryOf(body).put("trustedCertificatesPem", dc.caPem);
                body.put("userExtinctionHandling", extinction);
                return body;
            }

            @Override
            public String inside() {
                return dc.seed.salesDn();
            }

            @Override
            public String outside() {
                return dc.seed.platformDn();
            }

            @Override
            public LifecycleScenarios.Revival delete(String dn, String externalId) throws LDAPException {
                changes.delete(dn);
                // the tombstone under CN=Deleted Objects is reanimated: same objectGUID, back at its DN
                return () -> changes.reanimate(externalId, dn);
            }
        };
    }

    @Test
    void aUserOutOfScopeOrDeletedAndReanimatedComesBackAsItself() throws LDAPException {
        LifecycleScenarios.tombstoneAndRestore(lab(), "life.ad");
    }

    @Test
    void aUserAnAdminDisabledStaysDisabled() throws LDAPException {
        LifecycleScenarios.adminDisabledStaysDisabled(lab(), "admin.ad");
    }

    @Test
    void disableThenRemovePassesThroughBothSteps() throws LDAPException {
        LifecycleScenarios.disableThenRemove(lab(), "dtr.ad");
    }

    @Test
    void oneObjectAtOnce() throws LDAPException {
        List<Long> ms = LifecycleScenarios.oneObject(
                lab(), "one.ad", outside -> "CN=Administrator,CN=Users," + SambaDc.DOMAIN_BASE);
        LOG.infof(
                "one-object runs against Samba AD (create, update, out of scope, median and slowest of 15 unchanged): %s ms",
                ms);
    }
}
