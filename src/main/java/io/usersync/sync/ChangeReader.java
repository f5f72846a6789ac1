package io.usersync.sync;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ContentSyncDoneControl;
import com.unboundid.ldap.sdk.controls.ContentSyncInfoIntermediateResponse;
import com.unboundid.ldap.sdk.controls.ContentSyncInfoType;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestControl;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestMode;
import com.unboundid.ldap.sdk.controls.ContentSyncState;
import com.unboundid.ldap.sdk.controls.ContentSyncStateControl;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import io.usersync.directory.DirectoryException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Reads what changed since a watermark into the staging tables, for {@link PlanOptions#incremental}:
 * changed containers, users and groups (searched in the whole naming context, so that one moved out
 * of the task's DNs is seen and taken for gone), deletions, the full subtree of each container that
 * is new or moved (its children did not change, their DNs did), and for each changed user or group
 * the groups it is a member of (a group does not change when a member is renamed, moved or deleted).
 */
final class ChangeReader {
    private static final Logger LOG = Logger.getLogger(ChangeReader.class);
    /** RFC 4533: the server cannot continue from the cookie; the client must start over. */
    private static final int E_SYNC_REFRESH_REQUIRED = 4096;

    private static final String SHOW_DELETED_OID = "1.2.840.113556.1.4.417";
    /** Member searches in flight at once on the run's connection: each is a small indexed search, so latency dominates. */
    private static final int PARALLEL_MEMBER_SEARCHES = 8;

    private final ReadContext read;
    /** Reads what an incremental run reads in full: a moved container's subtree, a changed group's members. */
    private final DirectoryReader full;

    private final DirectoryPosition now;
    private final Watermark from;
    private final List<DN> bases = new ArrayList<>();
    private final Set<String> baseNorms = new HashSet<>();
    /** external id to normalised DN of the containers the task holds */
    private final Map<String, String> storedContainers;

    private final Set<String> containerNorms;
    private final List<DN> rereadRoots = new ArrayList<>();
    /** The kinds whose content sync answered with a present phase: each search decides for its own kind only. */
    private final Set<ObjectKind> presentPhase = EnumSet.noneOf(ObjectKind.class);

    private long memberSearches;
    private long memberSearchNanos;
    /**
     * Member searches wait until the pass that found the entry ends: a content sync delivers entries
     * on the connection's reader thread, which must not issue a search of its own on that connection.
     */
    private final List<Pending> pendingMemberOf = new ArrayList<>();

    /** An entry whose groups may need a search: its member value, external id, and whether it is newer than the watermark. */
    private record Pending(String value, String id, boolean createdSinceWatermark) {}

    /** Null when the watermark cannot tell new entries: then all are searched. */
    private final CreatedSince createdSince;

    /** Thrown from inside a read (entry handlers cannot throw checked exceptions of their own) to fall back to a full run. */
    private static final class FullReadSignal extends RuntimeException {
        FullReadSignal(String reason) {
            super(reason, null, false, false);
        }
    }

    private final long maxChanges;
    /** The bind login, to tell whether the account may see tombstones. */
    private final String login;

    private final UUID taskId;
    private long changes;

    /**
     * @param maxChanges beyond this many changed entries a full read is cheaper (each changed entry
     *        costs a member search), so the run stops reading changes and runs full
     */
    ChangeReader(
            ReadContext read,
            DirectoryReader full,
            UUID taskId,
            DirectoryPosition now,
            Watermark from,
            List<String> baseDns,
            Map<String, String> storedContainers,
            long maxChanges,
            String login)
            throws LDAPException {
        this.login = login;
        this.read = read;
        this.full = full;
        this.taskId = taskId;
        this.maxChanges = maxChanges;
        this.now = now;
        this.from = from;
        for (String b : baseDns) {
            DN dn = new DN(b);
            bases.add(dn);
            baseNorms.add(dn.toNormalizedString());
        }
        this.storedContainers = storedContainers;
        this.containerNorms = new HashSet<>(storedContainers.values());
        if (now.feed() == ChangeFeed.MODIFY_TIMESTAMP) {
            read.search().trackModifyTimestamps();
        }
        this.createdSince = read.mapping().memberAttribute().equals("memberUid")
                ? null
                : CreatedSince.of(from.feed(), from.value());
        read.staging().changesOnly();
        full.changesOnly();
    }

    /** The kinds whose content sync answered with a present phase: of those, what was neither present nor changed is gone. */
    Set<ObjectKind> presentPhase() {
        return presentPhase;
    }

    long memberSearches() {
        return memberSearches;
    }

    /** Time spent in member searches (including the stored-DN lookup), for the run's timing log. */
    long memberSearchMillis() {
        return memberSearchNanos / 1_000_000;
    }

    void read() throws FullReadRequired, DirectoryException, SQLException, DirectoryReader.CancelledException {
        try {
            for (DN base : bases) {
                SearchResult self = read.connection()
                        .search(new SearchRequest(
                                base.toString(),
                                SearchScope.BASE,
                                Filter.create(read.mapping().groupFilter()),
                                "1.1"));
                if (self.getEntryCount() == 1) {
                    throw new FullReadRequired(
                            "the selected DN " + base + " is a group, and group selections are read in full");
                }
            }
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                throw new FullReadRequired("a selected DN does not exist any more; a full run reports it");
            }
            throw new FullReadRequired(
                    "checking the selected DNs failed (" + e.getMessage() + "); a full run reports it");
        } catch (LDAPException e) {
            throw new FullReadRequired(
                    "checking the selected DNs failed (" + e.getMessage() + "); a full run reports it");
        }
        if (now.feed() == ChangeFeed.AD_USN) {
            requireVisibleTombstones();
        }
        try {
            read.read(this::readChanges);
        } catch (FullReadSignal e) {
            throw new FullReadRequired(e.getMessage());
        }
    }

    /** Deletions in AD are read as tombstones; an account that cannot see them would miss every deletion, so it runs full. */
    private void requireVisibleTombstones() throws FullReadRequired {
        for (String context : now.contexts()) {
            if (!TombstoneVisibility.visible(read.connection(), context, login)) {
                throw new FullReadRequired(
                        "the account cannot be shown to see deleted objects (tombstones) in " + context
                                + ", so an incremental run could miss deletions: it runs full. Use an account in Administrators, or grant the"
                                + " account List Contents and Read Property on CN=Deleted Objects");
            }
        }
    }

    private void readChanges() throws LDAPException, SQLException, DirectoryReader.CancelledException {
        changed(
                ObjectKind.CONTAINER,
                read.mapping().containerFilter(),
                read.mapping().containerAttributes(),
                this::containerChanged);
        rereadRoots.sort(Comparator.comparingInt(d -> d.getRDNs().length));
        List<DN> done = new ArrayList<>();
        for (DN root : rereadRoots) {
            if (done.stream().anyMatch(d -> root.isDescendantOf(d, true))) {
                continue;
            }
            done.add(root);
            String rootNorm = root.toNormalizedString();
            String parent = baseNorms.contains(rootNorm) || root.getParent() == null
                    ? null
                    : root.getParent().toNormalizedString();
            // every object re-read costs a member search, so it counts against the change limit too
            full.readContainer(root.toString(), containerNorms, parent, (e, id) -> {
                counted();
                memberOf(e, id);
            });
        }
        changed(ObjectKind.USER, read.mapping().userFilter(), read.mapping().userAttributes(), this::userChanged);
        changed(ObjectKind.GROUP, read.mapping().groupFilter(), full.groupAttributesToAsk(), this::groupChanged);
        full.stageChangedGroupMembers();
        searchMemberOf();
        if (now.feed() == ChangeFeed.AD_USN) {
            tombstones();
        }
    }

    private void containerChanged(Entry e) throws LDAPException, SQLException, EntryMapper.BadEntryException {
        counted();
        String id = read.mapper().externalId(e);
        String norm = DirectoryReader.norm(e);
        String old = storedContainers.get(id);
        if (!inScope(e.getParsedDN())) {
            read.staging().addGone(id);
            if (old != null) {
                read.staging().addGoneSubtree(old);
                containerNorms.remove(old);
            }
            return;
        }
        if (old == null || !old.equals(norm)) {
            // new here or moved: its children's DNs changed without their entries changing
            rereadRoots.add(e.getParsedDN());
            if (old != null) {
                read.staging().addGoneSubtree(old);
                containerNorms.remove(old);
            }
            containerNorms.add(norm);
            return;
        }
        DN parent = e.getParsedDN().getParent();
        String parentNorm = baseNorms.contains(norm) || parent == null ? null : parent.toNormalizedString();
        read.staging().add(read.mapper().group(e, StagedGroup.CONTAINER, norm, parentNorm));
    }

    private void userChanged(Entry e) throws LDAPException, SQLException, EntryMapper.BadEntryException {
        counted();
        DN dn = e.getParsedDN();
        String id = read.mapper().externalId(e);
        // the scope rules first: a re-read subtree stages what it finds, but says nothing of what it leaves out
        if (!inScope(dn) || read.leavesOut(e)) {
            read.staging().addGone(id);
            return;
        }
        if (underReread(dn)) {
            return;
        }
        String norm = DirectoryReader.norm(e);
        read.staging().add(read.mapper().user(e, norm, DirectoryReader.parentIn(e, containerNorms, norm)));
        memberOf(e, id);
    }

    private void groupChanged(Entry e)
            throws LDAPException, SQLException, EntryMapper.BadEntryException, DirectoryReader.CancelledException {
        counted();
        DN dn = e.getParsedDN();
        String id = read.mapper().externalId(e);
        if (!inScope(dn)) {
            read.staging().addGone(id);
            return;
        }
        if (underReread(dn)) {
            return;
        }
        String norm = DirectoryReader.norm(e);
        StagedGroup g = read.mapper()
                .group(e, StagedGroup.DIRECTORY_GROUP, norm, DirectoryReader.parentIn(e, containerNorms, norm));
        read.staging().add(g);
        full.stageGroupMembers(e, id, norm);
        memberOf(e, id);
    }

    /** Notes that the groups holding this entry must be found (see {@link #searchMemberOf}). */
    private void memberOf(Entry e, String id) {
        String attr = read.mapping().memberAttribute();
        String value =
                attr.equals("memberUid") ? e.getAttributeValue(read.mapping().usernameAttribute()) : e.getDN();
        if (value != null) {
            pendingMemberOf.add(new Pending(value, id, createdSince != null && createdSince.created(e)));
        }
    }

    /**
     * The groups in the task's DNs that hold each changed entry that needs it: one equality search per
     * entry and selected DN. A user the last run synced keeps its stored memberships (rows by id)
     * unless a group that changed says otherwise: a group gaining or losing a member changes itself,
     * and a rename or move changes no membership (AD and Samba resolve member links to the new DN;
     * OpenLDAP's refint rewrites the values, without changing the groups, a few seconds later; a group
     * read before that still names the old DN, which the plan resolves to the renamed user). The same
     * holds for groups as members of groups. Searched are objects new to the task (moved into scope,
     * re-enabled, colliding, kept as gone before), except those created after the watermark (any group
     * holding one changed after it existed), and every entry when groups name members by memberUid (a
     * changed uid changes memberships). A searched entry the store knew under another DN is also looked
     * for under that DN, for the same refint delay.
     */
    private void searchMemberOf() throws LDAPException, SQLException {
        if (pendingMemberOf.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        Filter groups = Filter.create(read.mapping().groupFilter());
        String attr = read.mapping().memberAttribute();
        boolean byUid = attr.equals("memberUid");
        List<String> unknown = byUid
                ? List.of()
                : pendingMemberOf.stream()
                        .filter(p -> !p.createdSinceWatermark())
                        .map(Pending::id)
                        .toList();
        Map<String, StagingTables.Stored> stored =
                unknown.isEmpty() ? Map.of() : read.staging().stored(taskId, unknown);
        List<String> searched = new ArrayList<>();
        List<Future<List<String>>> found = new ArrayList<>();
        ExecutorService searches = Executors.newFixedThreadPool(PARALLEL_MEMBER_SEARCHES, r -> {
            Thread t = new Thread(r, "usersync-member-search");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Pending pending : pendingMemberOf) {
                StagingTables.Stored was = stored.get(pending.id());
                if (!byUid && (pending.createdSinceWatermark() || (was != null && was.synced()))) {
                    continue;
                }
                Filter f = Filter.createEqualityFilter(attr, pending.value());
                if (!byUid
                        && was != null
                        && !SimpleDns.normalize(was.dn()).equals(SimpleDns.normalize(pending.value()))) {
                    f = Filter.createORFilter(f, Filter.createEqualityFilter(attr, was.dn()));
                }
                Filter search = Filter.createANDFilter(groups, f);
                found.add(searches.submit(() -> groupsHolding(search)));
                searched.add(pending.id());
                memberSearches += bases.size();
            }
            for (int i = 0; i < found.size(); i++) {
                read.staging().addMembershipsSearched(searched.get(i));
                for (String groupNorm : await(found.get(i))) {
                    read.staging().addMemberOf(groupNorm, searched.get(i));
                }
            }
        } finally {
            searches.shutdownNow();
            memberSearchNanos += System.nanoTime() - t0;
        }
        pendingMemberOf.clear();
    }

    /** Normalised DNs of the groups (in the selected DNs, not excluded) that a search finds. */
    private List<String> groupsHolding(Filter search) throws LDAPException {
        List<String> out = new ArrayList<>();
        for (DN base : bases) {
            for (SearchResultEntry g : read.connection()
                    .search(new SearchRequest(base.toString(), SearchScope.SUB, search, "1.1"))
                    .getSearchEntries()) {
                if (!read.isExcluded(g.getParsedDN())) {
                    out.add(DirectoryReader.norm(g));
                }
            }
        }
        return out;
    }

    private static List<String> await(Future<List<String>> f) throws LDAPException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LDAPException l) {
                throw l;
            }
            throw new LDAPException(ResultCode.LOCAL_ERROR, "a member search failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LDAPException(ResultCode.USER_CANCELED, "interrupted while searching members", e);
        }
    }

    private void counted() {
        if (++changes > maxChanges) {
            throw new FullReadSignal(
                    "more than " + maxChanges + " entries changed since the watermark: a full read is cheaper"
                            + " than a member search for each");
        }
    }

    private boolean inScope(DN dn) {
        for (DN b : bases) {
            if (dn.isDescendantOf(b, true)) {
                return !read.isExcluded(dn);
            }
        }
        return false;
    }

    private boolean underReread(DN dn) {
        for (DN root : rereadRoots) {
            if (dn.isDescendantOf(root, true)) {
                return true;
            }
        }
        return false;
    }

    /** Entries of this kind changed since the watermark, anywhere in the naming contexts. */
    private void changed(ObjectKind kindRead, String filter, String[] asked, PagedSearch.EntryHandler handler)
            throws LDAPException, SQLException, DirectoryReader.CancelledException {
        Filter kind = Filter.create(filter);
        String[] attributes =
                createdSince == null ? asked : ModifyTimestamps.withAttribute(asked, createdSince.attribute());
        long t0 = System.nanoTime();
        for (String context : now.contexts()) {
            switch (now.feed()) {
                case AD_USN ->
                    read.search()
                            .search(
                                    context,
                                    Filter.createANDFilter(
                                                    Filter.createGreaterOrEqualFilter(
                                                            "uSNChanged",
                                                            String.valueOf(Long.parseLong(from.value()) + 1)),
                                                    kind)
                                            .toString(),
                                    attributes,
                                    handler,
                                    false);
                case MODIFY_TIMESTAMP ->
                    read.search()
                            .search(
                                    context,
                                    Filter.createANDFilter(
                                                    Filter.createGreaterOrEqualFilter(
                                                            ModifyTimestamps.ATTRIBUTE,
                                                            ModifyTimestamps.filterValue(from.value())),
                                                    kind)
                                            .toString(),
                                    attributes,
                                    handler,
                                    false);
                case CONTENT_SYNC -> contentSync(kindRead, context, kind, attributes, handler);
            }
        }
        LOG.debugf("changes of %s read in %d ms", filter, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * A refreshOnly content sync from the stored cookie. Entries stream through a listener (the
     * operation cannot be paged); deletions arrive as DELETE states or syncIdSets, and a server that
     * cannot tell deletions answers with a present phase instead.
     */
    private void contentSync(
            ObjectKind kindRead, String context, Filter filter, String[] attributes, PagedSearch.EntryHandler handler)
            throws LDAPException, SQLException, DirectoryReader.CancelledException {
        Exception[] failure = {null};
        boolean[] sawPresent = {false};
        SearchResultListener listener = new SearchResultListener() {
            @Override
            public void searchEntryReturned(SearchResultEntry e) {
                if (failure[0] != null) {
                    return;
                }
                try {
                    ContentSyncStateControl state = ContentSyncStateControl.get(e);
                    ContentSyncState s = state == null ? ContentSyncState.ADD : state.getState();
                    switch (s) {
                        case ADD, MODIFY -> {
                            try {
                                handler.accept(e);
                            } catch (EntryMapper.BadEntryException ex) {
                                read.entryError(ex.dn, ex.getMessage());
                            }
                        }
                        case DELETE ->
                            read.staging().addGone(state.getEntryUUID().toString());
                        case PRESENT -> {
                            sawPresent[0] = true;
                            read.staging().addPresent(state.getEntryUUID().toString());
                        }
                    }
                } catch (Exception ex) {
                    failure[0] = ex;
                }
            }

            @Override
            public void searchReferenceReturned(SearchResultReference ref) {
                // not followed (as in full reads); what it stands for must not be taken for gone
                read.references().saw(ref, context);
            }
        };
        SearchRequest req = new SearchRequest(listener, context, SearchScope.SUB, filter, attributes);
        req.addControl(new ContentSyncRequestControl(
                ContentSyncRequestMode.REFRESH_ONLY,
                new ASN1OctetString(Base64.getDecoder().decode(from.value())),
                false));
        req.setIntermediateResponseListener(ir -> {
            if (failure[0] != null) {
                return;
            }
            try {
                ContentSyncInfoIntermediateResponse info = ContentSyncInfoIntermediateResponse.decode(ir);
                if (info.getType() == ContentSyncInfoType.SYNC_ID_SET) {
                    for (UUID id : info.getEntryUUIDs()) {
                        if (info.refreshDeletes()) {
                            read.staging().addGone(id.toString());
                        } else {
                            sawPresent[0] = true;
                            read.staging().addPresent(id.toString());
                        }
                    }
                }
            } catch (Exception ex) {
                failure[0] = ex;
            }
        });
        SearchResult result;
        try {
            result = read.connection().search(req);
        } catch (LDAPSearchException e) {
            if (e.getResultCode().intValue() == E_SYNC_REFRESH_REQUIRED) {
                throw new FullReadSignal(
                        "the directory cannot continue from the stored content sync cookie (e-syncRefreshRequired)");
            }
            throw e;
        }
        if (failure[0] instanceof FullReadSignal f) {
            throw f;
        }
        if (failure[0] instanceof SQLException q) {
            throw q;
        }
        if (failure[0] instanceof LDAPException l) {
            throw l;
        }
        if (failure[0] != null) {
            throw new LDAPException(
                    ResultCode.LOCAL_ERROR, "reading the content sync failed: " + failure[0], failure[0]);
        }
        ContentSyncDoneControl done = ContentSyncDoneControl.get(result);
        // an empty refresh (no change, no present) says nothing about deletions: never read it as "all gone"
        if (done != null && !done.refreshDeletes() && sawPresent[0]) {
            presentPhase.add(kindRead);
        }
        read.countRead(result.getEntryCount());
    }

    /** AD deletions: tombstones (isDeleted) changed since the watermark, read with the show-deleted control. */
    private void tombstones() throws LDAPException, SQLException {
        Filter f = Filter.createANDFilter(
                Filter.createEqualityFilter("isDeleted", "TRUE"),
                Filter.createGreaterOrEqualFilter("uSNChanged", String.valueOf(Long.parseLong(from.value()) + 1)));
        String idAttribute = read.mapping().idAttribute();
        for (String context : now.contexts()) {
            ASN1OctetString cookie = null;
            do {
                SearchRequest req = new SearchRequest(context, SearchScope.SUB, f, idAttribute);
                req.setControls(new Control(SHOW_DELETED_OID, true), new SimplePagedResultsControl(1000, cookie, true));
                SearchResult page = read.connection().search(req);
                for (SearchResultEntry e : page.getSearchEntries()) {
                    try {
                        read.staging().addGone(read.mapper().externalId(e));
                    } catch (EntryMapper.BadEntryException ex) {
                        // a tombstone without an id names nothing the task could hold
                    }
                }
                SimplePagedResultsControl c = SimplePagedResultsControl.get(page);
                if (c == null) {
                    throw new LDAPSearchException(
                            ResultCode.PROTOCOL_ERROR,
                            "the server answered the paged search for"
                                    + " tombstones without the paged-results control, so deletions cannot be known to be complete");
                }
                cookie = c.getCookie().getValueLength() == 0 ? null : c.getCookie();
            } while (cookie != null);
        }
    }
}
