package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import io.usersync.directory.DirectoryType;
import io.usersync.directory.EffectiveMapping;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reader's pure rules: ranged member reads (AD only), nested base DNs, and the parent a mirrored entry gets. */
class DirectoryReaderRulesTest {
    private static DirectoryReader reader(DirectoryType type, int memberRangeStep) throws Exception {
        List<String> bases = List.of("dc=example,dc=org");
        ReadContext read = new ReadContext(
                null,
                EffectiveMapping.of(type, null),
                null,
                bases,
                List.of(),
                UsersLeftOut.none(),
                1000,
                1000,
                total -> {});
        return new DirectoryReader(read, bases, memberRangeStep);
    }

    @Test
    void onlyActiveDirectoryIsAskedForRangedMembers() throws Exception {
        assertTrue(Arrays.asList(reader(DirectoryType.ACTIVE_DIRECTORY, 500).groupAttributesToAsk())
                .contains("member;range=0-499"));
        String[] ldap = reader(DirectoryType.LDAP, 500).groupAttributesToAsk();
        assertTrue(Arrays.asList(ldap).contains("member"), "OpenLDAP answers member;range=... with no values");
        assertArrayEquals(EffectiveMapping.of(DirectoryType.LDAP, null).groupAttributes(), ldap);
    }

    @Test
    void baseDnsOneInsideAnotherAreNested() {
        assertTrue(DirectoryReader.nested(List.of("ou=a,dc=x", "ou=b,ou=a,dc=x")));
        assertFalse(DirectoryReader.nested(List.of("ou=a,dc=x", "ou=b,dc=x")));
        assertTrue(DirectoryReader.nested(List.of("ou=a,dc=x", "not a dn")), "unparsable counts as nested");
    }

    @Test
    void anEntryGoesBelowTheNearestMirroredContainer() throws Exception {
        Set<String> containers = Set.of("ou=a,dc=x", "ou=b,ou=a,dc=x");
        assertEquals(
                "ou=b,ou=a,dc=x",
                DirectoryReader.parentIn(
                        new Entry("uid=u,ou=c,ou=b,ou=a,dc=x"), containers, "uid=u,ou=c,ou=b,ou=a,dc=x"));
        assertEquals(null, DirectoryReader.parentIn(new Entry("uid=u,dc=x"), containers, "uid=u,dc=x"));
        assertEquals(
                "ou=a,dc=x",
                DirectoryReader.parentIn(
                        new Entry("cn=Lovelace\\, Ada,ou=a,dc=x"), containers, "cn=lovelace\\, ada,ou=a,dc=x"));
    }
}
