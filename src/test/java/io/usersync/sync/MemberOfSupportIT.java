package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.unboundid.ldap.sdk.LDAPConnection;

import io.usersync.directory.AttributeMapping;
import io.usersync.directory.DirectoryType;
import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.MembershipSource;
import io.usersync.directory.MembershipStyle;
import io.usersync.lab.Slapd;

/** What AUTO decides against slapd with the memberof overlay. */
class MemberOfSupportIT {
    private static EffectiveMapping mapping(MembershipStyle style, MembershipSource source) {
        return EffectiveMapping.of(DirectoryType.LDAP, new AttributeMapping(null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, style, source, null));
    }

    @Test
    void autoReadsMemberOfWhereItAgreesWithMember() throws Exception {
        Slapd slapd = Slapd.get();
        try (LDAPConnection c = slapd.admin()) {
            MemberOfSupport.Decision d = MemberOfSupport.decide(c, mapping(null, null), List.of(Slapd.BASE));
            assertTrue(d.fromMemberOf(), d.reason());
            assertFalse(MemberOfSupport.decide(c, mapping(MembershipStyle.UNIQUE_MEMBER, null), List.of(Slapd.BASE)).fromMemberOf());
            assertFalse(MemberOfSupport.decide(c, mapping(null, MembershipSource.MEMBER), List.of(Slapd.BASE)).fromMemberOf());
        }
    }
}
