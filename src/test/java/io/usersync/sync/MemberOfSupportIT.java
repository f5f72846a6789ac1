package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import io.usersync.directory.AttributeMapping;
import io.usersync.directory.DirectoryType;
import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.MembershipSource;
import io.usersync.directory.MembershipStyle;
import io.usersync.lab.Slapd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a run reads memberships from, against slapd with the memberof overlay. */
class MemberOfSupportIT {
    private static EffectiveMapping mapping(MembershipStyle style, MembershipSource source) {
        return EffectiveMapping.of(
                DirectoryType.LDAP,
                new AttributeMapping(
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null, style,
                        source, null, null, null));
    }

    @Test
    void onlyAnExplicitMemberOfReadsMemberOf() throws Exception {
        Slapd slapd = Slapd.get();
        try (LDAPConnection c = slapd.admin()) {
            MemberOfSupport.Decision asked =
                    MemberOfSupport.decide(c, mapping(null, MembershipSource.MEMBER_OF), List.of(Slapd.BASE));
            assertTrue(asked.fromMemberOf(), asked.reason());
            assertFalse(MemberOfSupport.decide(c, mapping(null, null), List.of(Slapd.BASE))
                    .fromMemberOf());
            assertFalse(MemberOfSupport.decide(c, mapping(null, MembershipSource.MEMBER), List.of(Slapd.BASE))
                    .fromMemberOf());
            String group = c.search(Slapd.BASE, SearchScope.SUB, "(objectClass=groupOfNames)", "1.1")
                    .getSearchEntries()
                    .get(0)
                    .getDN();
            assertFalse(
                    MemberOfSupport.decide(c, mapping(null, MembershipSource.MEMBER_OF), List.of(Slapd.BASE, group))
                            .fromMemberOf(),
                    "a group among the base DNs is read by member");
        }
    }
}
