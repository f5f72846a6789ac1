package io.usersync.directory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import io.usersync.api.Problem;
import io.usersync.api.ProblemException;
import io.usersync.security.DirectoryHostAllowlist;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Walks a directory tree for a person picking what to sync. Children come sorted by kind, then
 * name; the cursor is the sort key of the last item shown, so paging is stateless (any replica,
 * any pooled connection) and each page reads the container once, keeping only one page in memory.
 */
@ApplicationScoped
public class DirectoryBrowser {
    private static final String[] ATTRIBUTES = {"objectClass", "hasSubordinates", "msDS-Approx-Immed-Subordinates"};
    private static final String[] NAME_ATTRIBUTES = {"ou", "cn", "dc", "o", "uid", "name"};

    private final DirectoryPools pools;

    private final DirectoryHostAllowlist allowlist;

    DirectoryBrowser(DirectoryPools pools, DirectoryHostAllowlist allowlist) {
        this.pools = pools;
        this.allowlist = allowlist;
    }

    public BrowseResult browse(
            DirectoryConnection d,
            String dn,
            String cursor,
            Integer pageSize,
            String namePrefix,
            boolean systemPartitions) {
        NamedHosts.check(allowlist, d);
        int size = pageSize == null ? 200 : pageSize;
        DN parsed = null;
        if (dn != null && !dn.isBlank()) {
            try {
                parsed = new DN(dn);
            } catch (LDAPException e) {
                throw ProblemException.badRequest("dn", "'" + dn + "' is not a valid DN: " + e.getMessage());
            }
        }
        SortKey after = cursor == null || cursor.isBlank() ? null : SortKey.decode(cursor);
        try {
            LDAPConnectionPool pool = pools.get(d);
            try {
                return parsed == null ? roots(pool, systemPartitions) : children(pool, dn, after, size, namePrefix);
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                    throw new ProblemException(
                            new Problem(404, "No such entry", "no entry '" + dn + "' in the directory")
                                    .with("category", FailureCategory.NO_SUCH_OBJECT)
                                    .with("dn", dn));
                }
                pools.discard(d);
                throw LdapErrors.classify(e, d.servers());
            }
        } catch (DirectoryException e) {
            throw DirectoryProblems.of(e);
        }
    }

    private static BrowseResult roots(LDAPConnectionPool pool, boolean systemPartitions) throws LDAPException {
        RootDSE root = pool.getRootDSE();
        String defaultNc = root == null ? null : root.getAttributeValue("defaultNamingContext");
        List<String> contexts = new ArrayList<>();
        if (defaultNc != null) {
            contexts.add(defaultNc);
        }
        for (String nc :
                root == null || root.getNamingContextDNs() == null ? new String[0] : root.getNamingContextDNs()) {
            if (!nc.equalsIgnoreCase(defaultNc) && (systemPartitions || !isSystemPartition(nc, root))) {
                contexts.add(nc);
            }
        }
        List<BrowseResult.Item> items = new ArrayList<>();
        for (String nc : contexts) {
            SearchResultEntry e = pool.getEntry(nc, ATTRIBUTES);
            String[] oc = e == null ? new String[0] : e.getObjectClassValues();
            items.add(new BrowseResult.Item(
                    nc,
                    nc,
                    EntryKind.of(oc),
                    List.of(oc == null ? new String[0] : oc),
                    true,
                    defaultNc == null ? null : nc.equalsIgnoreCase(defaultNc)));
        }
        return new BrowseResult(null, items, null);
    }

    private static boolean isSystemPartition(String nc, RootDSE root) {
        String lower = nc.toLowerCase();
        return nc.equalsIgnoreCase(root.getAttributeValue("configurationNamingContext"))
                || nc.equalsIgnoreCase(root.getAttributeValue("schemaNamingContext"))
                || lower.startsWith("dc=domaindnszones,")
                || lower.startsWith("dc=forestdnszones,");
    }

    private static BrowseResult children(LDAPConnectionPool pool, String dn, SortKey after, int size, String namePrefix)
            throws LDAPException {
        if (pool.getEntry(dn, "1.1") == null) {
            throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "no such entry");
        }
        Filter filter = Filter.createPresenceFilter("objectClass");
        if (namePrefix != null && !namePrefix.isBlank()) {
            List<Filter> any = new ArrayList<>();
            for (String a : NAME_ATTRIBUTES) {
                any.add(Filter.createSubstringFilter(a, namePrefix, null, null));
            }
            filter = Filter.createORFilter(any);
        }
        // the best size+1 items after the cursor: one more than shown says whether a next page exists
        TreeSet<Keyed> best = new TreeSet<>(Comparator.comparing(Keyed::key));
        LDAPConnection c = pool.getConnection();
        boolean healthy = false;
        try {
            ASN1OctetString cookie = null;
            do {
                SearchRequest r = new SearchRequest(dn, SearchScope.ONE, filter, ATTRIBUTES);
                r.setControls(new SimplePagedResultsControl(1000, cookie, false));
                SearchResult page = c.search(r);
                for (SearchResultEntry e : page.getSearchEntries()) {
                    BrowseResult.Item item = item(e);
                    SortKey key = SortKey.of(item);
                    if (after != null && key.compareTo(after) <= 0) {
                        continue;
                    }
                    best.add(new Keyed(key, item));
                    if (best.size() > size + 1) {
                        best.pollLast();
                    }
                }
                SimplePagedResultsControl pc = SimplePagedResultsControl.get(page);
                cookie = pc == null ? null : pc.getCookie();
            } while (cookie != null && cookie.getValueLength() > 0);
            healthy = true;
        } finally {
            if (healthy) {
                pool.releaseConnection(c);
            } else {
                pool.releaseDefunctConnection(c);
            }
        }
        List<Keyed> page = new ArrayList<>(best);
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            next = page.get(size - 1).key().encode();
        }
        List<BrowseResult.Item> items = page.stream().map(Keyed::item).toList();
        return new BrowseResult(dn, List.copyOf(items), next);
    }

    private static BrowseResult.Item item(SearchResultEntry e) throws LDAPException {
        String[] oc = e.getObjectClassValues() == null ? new String[0] : e.getObjectClassValues();
        EntryKind kind = EntryKind.of(oc);
        RDN rdn = e.getParsedDN().getRDN();
        String name = rdn == null ? e.getDN() : rdn.getAttributeValues()[0];
        Boolean sub = e.getAttributeValueAsBoolean("hasSubordinates");
        Integer approx = e.getAttributeValueAsInteger("msDS-Approx-Immed-Subordinates");
        boolean hasChildren = sub != null ? sub : approx != null ? approx > 0 : kind.isContainerLike();
        return new BrowseResult.Item(e.getDN(), name, kind, List.of(oc), hasChildren, null);
    }

    private record Keyed(SortKey key, BrowseResult.Item item) {}

    /** Browse order: kind, then name ignoring case, then the normalized DN to break ties. */
    record SortKey(int kind, String name, String dn) implements Comparable<SortKey> {
        static SortKey of(BrowseResult.Item i) {
            String norm;
            try {
                norm = new DN(i.dn()).toNormalizedString();
            } catch (LDAPException e) {
                norm = i.dn().toLowerCase();
            }
            return new SortKey(i.kind().ordinal(), i.name().toLowerCase(), norm);
        }

        @Override
        public int compareTo(SortKey o) {
            int c = Integer.compare(kind, o.kind);
            if (c == 0) {
                c = name.compareTo(o.name);
            }
            return c != 0 ? c : dn.compareTo(o.dn);
        }

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((kind + "\u0000" + name + "\u0000" + dn).getBytes(StandardCharsets.UTF_8));
        }

        static SortKey decode(String cursor) {
            try {
                String[] p =
                        new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\u0000", 3);
                return new SortKey(Integer.parseInt(p[0]), p[1], p[2]);
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ProblemException.badRequest("cursor", "is not a cursor this service gave out");
            }
        }
    }
}
