package io.usersync.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResultReference;

/**
 * The continuation references a read met. They are not followed, and what they stand for was not read:
 * the plan keeps whatever the store holds below each one instead of taking it for gone. A reference whose
 * URL names no DN, or (in a search of the task's DNs) a DN outside them, covers a part of the tree that
 * cannot be placed, so nothing may be taken for gone at all. A search of a whole naming context (an
 * incremental run's) meets references outside the task's DNs that concern it not. Active Directory's
 * partition references (DNS zones, Configuration) are left out: nothing a task stores lives there.
 */
final class ContinuationReferences {
    private final List<DN> bases = new ArrayList<>();
    private final Set<String> subtrees = new LinkedHashSet<>();
    private final Set<String> urls = new LinkedHashSet<>();
    private String unplaced;

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
        boolean insideTask = dn != null && !dn.isNullDN() && bases.stream().anyMatch(b -> dn.isDescendantOf(b, true));
        if (!insideTask && !searchWithinTask && dn != null && !dn.isNullDN()) {
            return;
        }
        urls.add(url);
        if (!insideTask) {
            if (unplaced == null) {
                unplaced = url;
            }
            return;
        }
        subtrees.add(dn.toNormalizedString());
    }

    private static DN baseDnOf(String url) {
        try {
            return new LDAPURL(url).getBaseDN();
        } catch (LDAPException e) {
            return null;
        }
    }

    /** The normalised DNs of the subtrees the references stand for. */
    synchronized List<String> subtrees() {
        return List.copyOf(subtrees);
    }

    /** A reference that covers an unknown part of the tree, or null. */
    synchronized String unplaced() {
        return unplaced;
    }

    /** The references met, for the run's record (the first few). */
    synchronized String describe() {
        List<String> shown = urls.stream().limit(5).toList();
        return String.join(", ", shown) + (urls.size() > shown.size() ? " and " + (urls.size() - shown.size()) + " more" : "");
    }

    /** DC=DomainDnsZones, DC=ForestDnsZones or CN=Configuration directly below a domain's DC components. */
    static boolean isActiveDirectoryPartition(DN dn) {
        RDN[] rdns = dn.getRDNs();
        for (int i = 0; i < rdns.length; i++) {
            if (is(rdns[i], "DC", "DomainDnsZones") || is(rdns[i], "DC", "ForestDnsZones") || is(rdns[i], "CN", "Configuration")) {
                boolean domainBelow = i + 1 < rdns.length;
                for (int j = i + 1; j < rdns.length; j++) {
                    domainBelow &= rdns[j].getAttributeNames().length == 1 && rdns[j].getAttributeNames()[0].equalsIgnoreCase("DC");
                }
                if (domainBelow) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean is(RDN rdn, String name, String value) {
        return rdn.getAttributeNames().length == 1 && rdn.getAttributeNames()[0].equalsIgnoreCase(name)
                && rdn.getAttributeValues()[0].equalsIgnoreCase(value);
    }
}
