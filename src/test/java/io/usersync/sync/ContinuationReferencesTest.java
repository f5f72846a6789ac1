package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.DN;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which continuation references keep a subtree, which make a whole run keep everything, and which are AD's own. */
class ContinuationReferencesTest {
    static final List<String> BASES = List.of("OU=Corp,DC=corp,DC=example,DC=com");

    @Test
    void aReferenceInsideTheTaskKeepsItsSubtree() {
        ContinuationReferences r = new ContinuationReferences(BASES);
        r.saw("ldap://dc2.corp.example.com/OU=Sales,OU=Corp,DC=corp,DC=example,DC=com", true);
        assertEquals(
                Set.of("ou=sales,ou=corp,dc=corp,dc=example,dc=com"),
                r.subtrees().keySet());
        assertNull(r.unplaced());
        assertTrue(r.subtrees().values().iterator().next().contains("dc2.corp.example.com"));
    }

    @Test
    void aReferenceThatNamesNoPlaceInTheTaskKeepsEverything() {
        ContinuationReferences r = new ContinuationReferences(BASES);
        r.saw("ldap://elsewhere.example.org/", true);
        assertEquals("ldap://elsewhere.example.org/", r.unplaced());
        ContinuationReferences other = new ContinuationReferences(BASES);
        other.saw("ldap://elsewhere.example.org/ou=x,dc=elsewhere", true);
        assertEquals("ldap://elsewhere.example.org/ou=x,dc=elsewhere", other.unplaced());
    }

    @Test
    void aWholeNamingContextSearchIgnoresReferencesOutsideTheTask() {
        ContinuationReferences r = new ContinuationReferences(BASES);
        r.saw("ldap://elsewhere.example.org/ou=x,dc=elsewhere", false);
        assertNull(r.unplaced());
        assertTrue(r.subtrees().isEmpty());
        r.saw("ldap://elsewhere.example.org/", false);
        assertEquals("ldap://elsewhere.example.org/", r.unplaced(), "no DN: it may stand for anything");
    }

    @Test
    void activeDirectoryPartitionsAreLeftOut() throws Exception {
        ContinuationReferences r = new ContinuationReferences(List.of("DC=corp,DC=example,DC=com"));
        r.saw("ldap://corp.example.com/CN=Configuration,DC=corp,DC=example,DC=com", true);
        r.saw("ldap://DomainDnsZones.corp.example.com/DC=DomainDnsZones,DC=corp,DC=example,DC=com", true);
        r.saw("ldap://ForestDnsZones.corp.example.com/DC=ForestDnsZones,DC=corp,DC=example,DC=com", true);
        assertNull(r.unplaced());
        assertTrue(r.subtrees().isEmpty());
        assertFalse(
                ContinuationReferences.isActiveDirectoryPartition(
                        new DN("CN=Configuration,OU=Apps,DC=corp,DC=example,DC=com")),
                "an OU that happens to hold a CN=Configuration is not the partition");
    }
}
