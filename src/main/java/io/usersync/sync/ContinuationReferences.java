package io.usersync.sync;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ManageDsaITRequestControl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The continuation references a read met. They are not followed, and what they stand for was not read:
 * the plan keeps whatever the store holds below each one instead of taking it for gone. A reference
 * stands for the subtree of the referral entry that produced it, which {@link #place} finds with the
 * ManageDsaIT control; failing that, for the DN its URL names, when that DN lies inside the task's DNs.
 * One that cannot be placed either way covers an unknown part of the tree, so nothing may be taken for
 * gone at all. A search of a whole naming context (an incremental run's) meets references outside the
 * task's DNs that do not concern it. Active Directory's partition references (DNS zones, Configuration)
 * are left out: nothing a task stores lives there.
 */
final class ContinuationReferences {
    private final List<DN> bases = new ArrayList<>();
    /** Normalised DN of a subtree not read, to the references that stand for it. */
    private final Map<String, String> subtrees = new LinkedHashMap<>();

    private final Set<String> unplaced = new LinkedHashSet<>();

    ContinuationReferences(List<String> baseDns) {
        for (String b : baseDns) {
            try {
                bases.add(new DN(b));
            } catch (LDAPException e) {
                // the task's DNs were validated when it was saved; an unparsable one covers nothing
            }
        }
    }

    /** A reference returned by a search below {@code searchBase}. */
    synchronized void saw(SearchResultReference reference, String searchBase) {
        boolean withinTask;
        try {
            DN base = new DN(searchBase);
            withinTask = bases.stream().anyMatch(b -> base.isDescendantOf(b, true));
        } catch (LDAPException e) {
            withinTask = true;
        }
        for (String url : reference.getReferralURLs()) {
            saw(url, withinTask);
        }
    }

    synchronized void saw(String url, boolean searchWithinTask) {
        DN dn = baseDnOf(url);
        if (dn != null && isActiveDirectoryPartition(dn)) {
            return;
        }
        if (dn != null && !dn.isNullDN() && insideTask(dn)) {
            subtrees.merge(dn.toNormalizedString(), url, (a, b) -> a.contains(b) ? a : a + ", " + b);
        } else if (searchWithinTask || dn == null || dn.isNullDN()) {
            unplaced.add(url);
        }
    }

    private boolean insideTask(DN dn) {
        return bases.stream().anyMatch(b -> dn.isDescendantOf(b, true));
    }

    /**
     * Places the references by the referral entries below the task's DNs (their own DNs, whatever their
     * URLs name). Once that search works, every reference a search below those DNs returned came from one of
     * them. A server that does not answer it leaves the references as their URLs placed them.
     */
    synchronized void place(LDAPConnection c) {
        if (subtrees.isEmpty() && unplaced.isEmpty()) {
            return;
        }
        Map<String, String> found = new LinkedHashMap<>();
        try {
            for (DN base : bases) {
                SearchRequest r = new SearchRequest(
                        base.toString(),
                        SearchScope.SUB,
                        Filter.createEqualityFilter("objectClass", "referral"),
                        "ref");
                r.addControl(new ManageDsaITRequestControl());
                for (SearchResultEntry e : c.search(r).getSearchEntries()) {
                    String[] refs = e.getAttributeValues("ref");
                    found.put(e.getParsedDN().toNormalizedString(), refs == null ? e.getDN() : String.join(", ", refs));
                }
            }
        } catch (LDAPException e) {
            return;
        }
        if (!found.isEmpty()) {
            subtrees.clear();
            subtrees.putAll(found);
            unplaced.clear();
        }
    }

    private static DN baseDnOf(String url) {
        try {
            return new LDAPURL(url).getBaseDN();
        } catch (LDAPException e) {
            return null;
        }
    }

    /** The normalised DNs of the subtrees not read, each with the references that stand for it. */
    synchronized Map<String, String> subtrees() {
        return Map.copyOf(subtrees);
    }

    /** A reference that covers an unknown part of the tree, or null. */
    synchronized String unplaced() {
        return unplaced.isEmpty() ? null : unplaced.iterator().next();
    }

    /** DC=DomainDnsZones, DC=ForestDnsZones or CN=Configuration directly below a domain's DC components. */
    static boolean isActiveDirectoryPartition(DN dn) {
        RDN[] rdns = dn.getRDNs();
        for (int i = 0; i < rdns.length; i++) {
            if (is(rdns[i], "DC", "DomainDnsZones")
                    || is(rdns[i], "DC", "ForestDnsZones")
                    || is(rdns[i], "CN", "Configuration")) {
                boolean domainBelow = i + 1 < rdns.length;
                for (int j = i + 1; j < rdns.length; j++) {
                    domainBelow &= rdns[j].getAttributeNames().length == 1
                            && rdns[j].getAttributeNames()[0].equalsIgnoreCase("DC");
                }
                if (domainBelow) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean is(RDN rdn, String name, String value) {
        return rdn.getAttributeNames().length == 1
                && rdn.getAttributeNames()[0].equalsIgnoreCase(name)
                && rdn.getAttributeValues()[0].equalsIgnoreCase(value);
    }
}
