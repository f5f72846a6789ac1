package io.usersync.sync;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.ObjectIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The last line of defence: before a run removes or disables anything, each candidate is looked up in
 * the directory by its identity. A plan's "gone" is a conclusion drawn from one read, and reads go wrong
 * in ways nobody listed (an entry moved between two base DNs while they were read, a subtree behind a
 * referral, an ACL change, a server quirk). Found inside the task's scope, the object is kept and the run
 * says why; found outside it, or not found, it goes as the task's policy says.
 */
final class RemovalVerifier {
    /** Lookups in flight at once on the run's connection: each is a small indexed search, so latency dominates. */
    private static final int PARALLEL_LOOKUPS = 8;

    /** Whether a DN is one of the groups the run read for a selected group, or the selected group itself. */
    interface SelectedGroups {
        boolean holds(String groupDnNorm);
    }

    private final LDAPConnection connection;
    private final EffectiveMapping mapping;
    private final EntryMapper mapper;
    private final List<DN> containerBases = new ArrayList<>();
    private final boolean groupBases;
    private final SelectedGroups selectedGroups;
    private final List<DN> excluded = new ArrayList<>();
    private final UsersLeftOut leftOut;
    private final List<String> contexts;
    private final boolean extendedDns;

    /**
     * @param groupBaseNorms the selected DNs that are groups (their members are the scope, not their subtree)
     * @param selectedGroups the groups the run read for the selected groups, and those groups themselves
     * @param extendedDns whether the server resolves {@code <GUID=...>} DNs (Active Directory, Samba)
     */
    RemovalVerifier(
            LDAPConnection connection,
            EffectiveMapping mapping,
            List<String> baseDns,
            Set<String> groupBaseNorms,
            SelectedGroups selectedGroups,
            List<String> excludedDns,
            UsersLeftOut leftOut,
            List<String> contexts,
            boolean extendedDns)
            throws LDAPException {
        this.connection = connection;
        this.mapping = mapping;
        this.mapper = new EntryMapper(mapping);
        for (String b : baseDns) {
            DN dn = new DN(b);
            if (!groupBaseNorms.contains(dn.toNormalizedString())) {
                containerBases.add(dn);
            }
        }
        this.groupBases = !groupBaseNorms.isEmpty();
        this.selectedGroups = selectedGroups;
        for (String x : excludedDns) {
            excluded.add(new DN(x));
        }
        this.leftOut = leftOut;
        this.contexts = contexts;
        this.extendedDns = extendedDns;
    }

    /** LDAP_CAP_ACTIVE_DIRECTORY_OID: the server is an AD DC (or Samba as one), and resolves extended DNs. */
    private static final String ACTIVE_DIRECTORY_CAPABILITY = "1.2.840.113556.1.4.800";

    /** Whether the server says it resolves {@code <GUID=...>} DNs. */
    static boolean resolvesExtendedDns(LDAPConnection c) {
        try {
            var root = c.getRootDSE();
            return root != null && root.hasAttributeValue("supportedCapabilities", ACTIVE_DIRECTORY_CAPABILITY);
        } catch (LDAPException e) {
            return false;
        }
    }

    /** Looks each candidate up; returns those found inside the scope (or that could not be looked up), with why. */
    List<SyncPlan.Kept> inScope(List<SyncPlan.Candidate> candidates) throws LDAPException {
        List<SyncPlan.Kept> kept = new ArrayList<>();
        if (candidates.isEmpty()) {
            return kept;
        }
        ExecutorService lookups = Executors.newFixedThreadPool(Math.min(PARALLEL_LOOKUPS, candidates.size()), r -> {
            Thread t = new Thread(r, "usersync-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Optional<String>>> found = new ArrayList<>();
            for (SyncPlan.Candidate c : candidates) {
                found.add(lookups.submit(() -> keptBecause(c)));
            }
            for (int i = 0; i < found.size(); i++) {
                Optional<String> why = await(found.get(i));
                if (why.isPresent()) {
                    SyncPlan.Candidate c = candidates.get(i);
                    kept.add(new SyncPlan.Kept(c.id(), c.kind(), c.externalId(), c.dn(), "KEPT_ON_VERIFY", why.get()));
                }
            }
        } finally {
            lookups.shutdownNow();
        }
        return kept;
    }

    /** Not found, or found out of scope: gone (empty). Found in scope, or not to be looked up: why it stays. */
    private Optional<String> keptBecause(SyncPlan.Candidate c) {
        try {
            SearchResultEntry e = lookUp(c);
            return e == null ? Optional.empty() : inScope(c, e);
        } catch (LDAPException ex) {
            return Optional.of("could not be looked up before its removal ("
                    + ex.getResultCode().getName()
                    + (ex.getDiagnosticMessage() == null ? "" : ": " + ex.getDiagnosticMessage()) + "): kept");
        }
    }

    private Optional<String> inScope(SyncPlan.Candidate c, SearchResultEntry e) throws LDAPException {
        DN dn = e.getParsedDN();
        for (DN x : excluded) {
            if (dn.isDescendantOf(x, true)) {
                return Optional.empty();
            }
        }
        if (c.kind() == ObjectKind.USER && leftOut.leavesOut(mapper, e)) {
            return Optional.empty();
        }
        for (DN base : containerBases) {
            if (dn.isDescendantOf(base, true)) {
                return Optional.of(
                        "found at " + e.getDN() + ", inside the selected DN " + base
                                + ", although the read did not return it (moved while the run read, or hidden from that read): kept");
            }
        }
        if (groupBases && c.kind() != ObjectKind.CONTAINER) {
            String group = selectedGroupHolding(e);
            if (group != null) {
                return Optional.of("found at " + e.getDN() + ", a member of " + group
                        + " of a selected group, although the read did not return it: kept");
            }
        }
        return Optional.empty();
    }

    /**
     * The entry with the candidate's identity and of its kind, or null. AD resolves {@code <GUID=...>}
     * wherever the object is; elsewhere it is searched for below the selected DNs (an account may see no
     * more than those), and for a group selection in the naming contexts, as its members may live anywhere.
     */
    private SearchResultEntry lookUp(SyncPlan.Candidate c) throws LDAPException {
        Filter kind = Filter.create(
                switch (c.kind()) {
                    case USER -> mapping.userFilter();
                    case GROUP -> mapping.groupFilter();
                    case CONTAINER -> mapping.containerFilter();
                });
        String[] attributes = c.kind() == ObjectKind.USER ? mapping.userAttributes() : new String[] {"1.1"};
        boolean guid = mapping.idAttribute().equalsIgnoreCase("objectGUID");
        if (guid && extendedDns) {
            try {
                SearchResult r = connection.search(
                        new SearchRequest("<GUID=" + c.externalId() + ">", SearchScope.BASE, kind, attributes));
                return r.getEntryCount() == 1 ? r.getSearchEntries().get(0) : null;
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                    return null;
                }
                throw e;
            }
        }
        Filter byId = Filter.createANDFilter(
                kind,
                guid
                        ? Filter.createEqualityFilter(
                                mapping.idAttribute(), ObjectIds.guidBytes(UUID.fromString(c.externalId())))
                        : Filter.createEqualityFilter(mapping.idAttribute(), c.externalId()));
        List<String> where = new ArrayList<>();
        containerBases.forEach(b -> where.add(b.toString()));
        if (groupBases) {
            where.addAll(contexts);
        }
        for (String base : where) {
            SearchResult r = connection.search(new SearchRequest(base, SearchScope.SUB, byId, attributes));
            if (r.getEntryCount() > 0) {
                return r.getSearchEntries().get(0);
            }
        }
        return null;
    }

    /** A group the run read for a selected group (or the selected group) that holds the entry, or null. */
    private String selectedGroupHolding(SearchResultEntry member) throws LDAPException {
        String attr = mapping.memberAttribute();
        String value =
                attr.equals("memberUid") ? member.getAttributeValue(mapping.usernameAttribute()) : member.getDN();
        if (value == null) {
            return null;
        }
        Filter holding =
                Filter.createANDFilter(Filter.create(mapping.groupFilter()), Filter.createEqualityFilter(attr, value));
        for (String context : contexts) {
            for (SearchResultEntry g : connection
                    .search(new SearchRequest(context, SearchScope.SUB, holding, "1.1"))
                    .getSearchEntries()) {
                if (selectedGroups.holds(g.getParsedDN().toNormalizedString())) {
                    return g.getDN();
                }
            }
        }
        return null;
    }

    private static <T> T await(Future<T> f) throws LDAPException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LDAPException l) {
                throw l;
            }
            throw new LDAPException(
                    ResultCode.LOCAL_ERROR,
                    "looking up an object before its removal failed: " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LDAPException(ResultCode.USER_CANCELED, "interrupted while verifying removals", e);
        }
    }
}
