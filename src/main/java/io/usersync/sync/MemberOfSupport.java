package io.usersync.sync;

import java.util.List;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.MembershipSource;
import io.usersync.directory.MembershipStyle;

/**
 * Decides where a run reads memberships from. AUTO trusts memberOf only where it is seen to agree with
 * member both ways on a sample: a memberof overlay added after the groups were filled leaves old
 * memberships without memberOf, and reading those as "no members" would empty the groups.
 */
final class MemberOfSupport {
    /** The source a run uses, and why, for the run's log. */
    record Decision(boolean fromMemberOf, String reason) {
    }

    private MemberOfSupport() {
    }

    static Decision decide(LDAPConnection c, EffectiveMapping mapping, List<String> baseDns) {
        MembershipSource asked = mapping.membershipSource();
        if (asked == MembershipSource.MEMBER) {
            return new Decision(false, "membershipSource MEMBER");
        }
        if (asked == MembershipSource.MEMBER_OF) {
            return new Decision(true, "membershipSource MEMBER_OF");
        }
        if (mapping.isActiveDirectory()) {
            // AD sends large member lists in ranges, and its memberOf leaves out groups of other domains
            return new Decision(false, "AUTO on Active Directory reads member in ranges");
        }
        if (mapping.membershipStyle() != MembershipStyle.MEMBER) {
            return new Decision(false, "AUTO reads memberOf only for groups that name members by member");
        }
        try {
            // no schema lookup: a server without memberOf matches no (memberOf=*), and its schema costs a parse per run
            for (String base : baseDns) {
                if (!firstMatch(c, base, SearchScope.BASE, mapping.groupFilter(), "1.1").isEmpty()) {
                    continue;
                }
                return agrees(c, mapping, base);
            }
            return new Decision(false, "AUTO: groups selected as base DNs are read by member");
        } catch (LDAPException e) {
            return new Decision(false, "AUTO could not probe memberOf (" + e.getResultCode().getName() + ")");
        }
    }

    /** A user with memberOf whose group lists it, and a group with members one of which has memberOf naming it. */
    private static Decision agrees(LDAPConnection c, EffectiveMapping mapping, String base) throws LDAPException {
        Filter users = Filter.create(mapping.userFilter());
        Filter groups = Filter.create(mapping.groupFilter());
        List<SearchResultEntry> user = firstMatch(c, base, SearchScope.SUB,
                Filter.createANDFilter(users, Filter.createPresenceFilter("memberOf")).toString(), "memberOf");
        if (user.isEmpty()) {
            return new Decision(false, "AUTO: no user below " + base + " has memberOf");
        }
        String userDn = user.get(0).getDN();
        String group = user.get(0).getAttributeValue("memberOf");
        if (group == null || firstMatch(c, group, SearchScope.BASE,
                Filter.createEqualityFilter(mapping.memberAttribute(), userDn).toString(), "1.1").isEmpty()) {
            return new Decision(false, "AUTO: memberOf of " + userDn + " names " + group + ", whose " + mapping.memberAttribute()
                    + " does not list it");
        }
        List<SearchResultEntry> filled = firstMatch(c, base, SearchScope.SUB,
                Filter.createANDFilter(groups, Filter.createPresenceFilter(mapping.memberAttribute())).toString(), "1.1");
        if (filled.isEmpty()) {
            return new Decision(false, "AUTO: no group below " + base + " has members");
        }
        String filledDn = filled.get(0).getDN();
        if (firstMatch(c, base, SearchScope.SUB, Filter.createEqualityFilter("memberOf", filledDn).toString(), "1.1").isEmpty()) {
            return new Decision(false, "AUTO: " + filledDn + " has members, none of which below " + base + " has memberOf naming it");
        }
        return new Decision(true, "AUTO: memberOf agrees with " + mapping.memberAttribute() + " below " + base);
    }

    /** At most one entry the search finds; a size limit met means there are more, which is the same answer. */
    static List<SearchResultEntry> firstMatch(LDAPConnection c, String base, SearchScope scope, String filter,
            String attribute) throws LDAPException {
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
