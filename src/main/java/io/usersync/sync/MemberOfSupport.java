package io.usersync.sync;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.MembershipSource;
import java.util.List;

/**
 * Decides where a run reads memberships from. Only an explicit MEMBER_OF reads memberOf: no cheap
 * probe shows that a server's memberOf matches member everywhere (389-DS lists indirect groups too; an
 * overlay added after the groups were filled leaves the older memberships out), and a memberOf that
 * does not would silently un-link members. AUTO therefore reads member today.
 */
final class MemberOfSupport {
    /** The source a run uses, and why, for the run's log. */
    record Decision(boolean fromMemberOf, String reason) {}

    private MemberOfSupport() {}

    static Decision decide(LDAPConnection c, EffectiveMapping mapping, List<String> baseDns) {
        MembershipSource asked = mapping.membershipSource();
        if (asked != MembershipSource.MEMBER_OF) {
            return new Decision(false, "membershipSource " + asked);
        }
        // a selected group's members may live anywhere in the directory, where the read sees no memberOf
        try {
            for (String base : baseDns) {
                if (!firstMatch(c, base, SearchScope.BASE, mapping.groupFilter(), "1.1")
                        .isEmpty()) {
                    return new Decision(
                            false,
                            "membershipSource MEMBER_OF, but " + base + " is a group, and groups selected"
                                    + " as base DNs are read by member");
                }
            }
        } catch (LDAPException e) {
            // the read that follows meets the same failure and reports it in its own category
            return new Decision(false, "membershipSource MEMBER_OF, but the selected DNs could not be checked");
        }
        return new Decision(true, "membershipSource MEMBER_OF");
    }

    /** At most one entry the search finds; a size limit met means there are more, which is the same answer. */
    static List<SearchResultEntry> firstMatch(
            LDAPConnection c, String base, SearchScope scope, String filter, String attribute) throws LDAPException {
        SearchRequest one = new SearchRequest(base, scope, filter, attribute);
        one.setSizeLimit(1);
        try {
            return List.copyOf(c.search(one).getSearchEntries());
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return List.copyOf(e.getSearchEntries());
            }
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of();
            }
            throw e;
        }
    }
}
