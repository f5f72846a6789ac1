package io.usersync.sync;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ContentSyncDoneControl;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestControl;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestMode;
import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.ObjectIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The directory's position now, taken before a run reads anything: changes made while the run reads
 * are then read again by the next run rather than lost. For MODIFY_TIMESTAMP it is the server's time
 * (rootDSE currentTime, else the newest contextCSN of the naming contexts, else this service's clock)
 * minus a margin for clock skew between replicas and between them and this service.
 *
 * @param contexts the naming contexts holding the task's DNs: incremental reads search these, so
 *        that an entry moved out of the task's DNs is seen at its new place
 */
public record DirectoryPosition(
        ChangeFeed feed,
        String server,
        String invocationId,
        String value,
        List<String> contexts,
        Map<String, Long> seen) {

    /** A position without the DC's replication state (feeds other than AD's). */
    public DirectoryPosition(ChangeFeed feed, String server, String invocationId, String value, List<String> contexts) {
        this(feed, server, invocationId, value, contexts, Map.of());
    }

    /**
     * Only the naming contexts, for a run of mode OBJECT: it moves no watermark, so it needs no change feed's
     * position, and its removals are looked up by id in these contexts.
     */
    static DirectoryPosition contextsOnly(LDAPConnection c, String hostPort, List<String> baseDns)
            throws LDAPException {
        SearchResultEntry root;
        try {
            root = c.getEntry("", "namingContexts");
        } catch (LDAPException e) {
            root = null;
        }
        List<String> contexts = contextsOf(baseDns, root == null ? null : root.getAttributeValues("namingContexts"));
        return new DirectoryPosition(ChangeFeed.MODIFY_TIMESTAMP, hostPort, null, null, contexts);
    }

    static DirectoryPosition probe(
            LDAPConnection c, EffectiveMapping mapping, String hostPort, List<String> baseDns, Duration timestampMargin)
            throws LDAPException {
        SearchResultEntry root;
        try {
            root = c.getEntry(
                    "",
                    "namingContexts",
                    "supportedControl",
                    "highestCommittedUSN",
                    "dnsHostName",
                    "dsServiceName",
                    "currentTime");
        } catch (LDAPException e) {
            // a server that hides its rootDSE from this account still syncs, by modifyTimestamp
            root = null;
        }
        List<String> contexts = contextsOf(baseDns, root == null ? null : root.getAttributeValues("namingContexts"));
        if (root == null) {
            return byTimestamp(c, null, hostPort, contexts, timestampMargin);
        }
        String usn = root.getAttributeValue("highestCommittedUSN");
        if (mapping.isActiveDirectory() && usn != null) {
            String dcHost = root.getAttributeValue("dnsHostName");
            String invocationId = invocationId(c, root.getAttributeValue("dsServiceName"));
            return new DirectoryPosition(
                    ChangeFeed.AD_USN,
                    dcHost == null ? hostPort : dcHost.toLowerCase(),
                    invocationId,
                    usn,
                    contexts,
                    ReplicationState.read(c, contexts, invocationId, usn));
        }
        if (root.hasAttributeValue("supportedControl", ContentSyncRequestControl.SYNC_REQUEST_OID)
                && mapping.idAttribute().equalsIgnoreCase("entryUUID")
                && contexts.size() == 1) {
            String cookie = syncCookie(c, contexts.get(0));
            if (cookie != null) {
                return new DirectoryPosition(ChangeFeed.CONTENT_SYNC, hostPort, null, cookie, contexts);
            }
        }
        return byTimestamp(c, root, hostPort, contexts, timestampMargin);
    }

    private static DirectoryPosition byTimestamp(
            LDAPConnection c, SearchResultEntry root, String hostPort, List<String> contexts, Duration margin) {
        Instant now = serverTime(c, root, contexts);
        return new DirectoryPosition(
                ChangeFeed.MODIFY_TIMESTAMP, hostPort, null, ModifyTimestamps.format(now.minus(margin)), contexts);
    }

    /** The directory's clock, as well as it can be read; this service's when the directory shows none. */
    static Instant serverTime(LDAPConnection c, SearchResultEntry root, List<String> contexts) {
        Instant time = root == null ? null : ModifyTimestamps.parse(root.getAttributeValue("currentTime"));
        if (time != null) {
            return time;
        }
        // contextCSN (syncprov) starts with the time of the newest change in the naming context
        Instant newest = null;
        for (String context : contexts) {
            try {
                SearchResultEntry e = c.getEntry(context, "contextCSN");
                for (String csn : e == null || e.getAttributeValues("contextCSN") == null
                        ? new String[0]
                        : e.getAttributeValues("contextCSN")) {
                    Instant t = ModifyTimestamps.parse(csn.contains("#") ? csn.substring(0, csn.indexOf('#')) : csn);
                    if (t != null && (newest == null || t.isAfter(newest))) {
                        newest = t;
                    }
                }
            } catch (LDAPException e) {
                // not readable here: fall back to the service's clock
            }
        }
        Instant local = Instant.now();
        return newest == null || newest.isAfter(local) ? local : newest;
    }

    /** The domain controller's invocationId: a restore from backup gives it a new one, and its USNs then repeat. */
    private static String invocationId(LDAPConnection c, String dsServiceName) {
        if (dsServiceName == null) {
            return null;
        }
        try {
            SearchResultEntry ntds = c.getEntry(dsServiceName, "invocationId");
            byte[] id = ntds == null ? null : ntds.getAttributeValueBytes("invocationId");
            return id == null || id.length != 16 ? null : ObjectIds.guid(id);
        } catch (LDAPException e) {
            return null; // unreadable: the watermark is then bound to the DC's name only
        }
    }

    /** A refresh that matches nothing: the answer's cookie marks the server's state now. */
    private static String syncCookie(LDAPConnection c, String context) {
        SearchRequest r = new SearchRequest(
                context, SearchScope.BASE, Filter.createEqualityFilter("objectClass", "usersyncMatchesNothing"), "1.1");
        r.addControl(new ContentSyncRequestControl(ContentSyncRequestMode.REFRESH_ONLY, null, false));
        SearchResult result;
        ContentSyncDoneControl done;
        try {
            result = c.search(r);
            done = ContentSyncDoneControl.get(result);
        } catch (LDAPException e) {
            // offered but refused to this account (syncprov ACLs, limits): fall back to modifyTimestamp
            return null;
        }
        if (done == null || done.getCookie() == null || done.getCookie().getValueLength() == 0) {
            return null;
        }
        return Base64.getEncoder().encodeToString(done.getCookie().getValue());
    }

    /** For each DN, the deepest naming context holding it (or the DN itself when the server lists none that does). */
    static List<String> contextsOf(List<String> baseDns, String[] namingContexts) throws LDAPException {
        List<String> out = new ArrayList<>();
        for (String base : baseDns) {
            DN dn = new DN(base);
            DN best = null;
            for (String nc : namingContexts == null ? new String[0] : namingContexts) {
                DN n = new DN(nc);
                if (dn.isDescendantOf(n, true) && (best == null || n.isDescendantOf(best, false))) {
                    best = n;
                }
            }
            String pick = best == null ? base : best.toString();
            if (out.stream().noneMatch(x -> x.equalsIgnoreCase(pick))) {
                out.add(pick);
            }
        }
        return out;
    }
}
