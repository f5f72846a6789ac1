package io.usersync.sync;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

/**
 * Reads what changed since a watermark into the staging tables, for {@link SyncPlan#incremental}:
 * changed containers, users and groups (searched in the whole naming context, so that one moved out
 * of the task's DNs is seen and taken for gone), deletions, the full subtree of each container that
 * is new or moved (its children did not change, their DNs did), and for each changed user or group
 * the groups it is a member of (a group does not change when a member is renamed, moved or deleted).
 */
final class ChangeReader {
    /** RFC 4533: the server cannot continue from the cookie; the client must start over. */
    private static final int E_SYNC_REFRESH_REQUIRED = 4096;
    private static final String SHOW_DELETED_OID = "1.2.840.113556.1.4.417";

    private final DirectoryReader r;
    private final DirectoryPosition now;
    private final Watermark from;
    private final List<DN> bases = new ArrayList<>();
    private final Set<String> baseNorms = new HashSet<>();
    /** external id to normalised DN of the containers the task holds */
    private final Map<String, String> storedContainers;
    private final Set<String> containerNorms;
    private final List<DN> rereadRoots = new ArrayList<>();
    private boolean presentPhase;
    private long memberSearches;

    private static final class RefreshRequired extends RuntimeException {
        RefreshRequired() {
            super(null, null, false, false);
        }
    }

    ChangeReader(DirectoryReader reader, DirectoryPosition now, Watermark from, List<String> baseDns,
            Map<String, String> storedContainers) throws LDAPException {
        this.r = reader;
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
            r.trackModifyTimestamps();
        }
    }

    /** A content sync answered with a present phase: what was neither present nor changed is gone. */
    boolean presentPhase() {
        return presentPhase;
    }

    long memberSearches() {
        return memberSearches;
    }

    void read() throws FullReadRequired, DirectoryException, SQLException, DirectoryReader.CancelledException {
        try {
            for (DN base : bases) {
                SearchResult self = r.connection.search(new SearchRequest(base.toString(), SearchScope.BASE,
                        Filter.create(r.mapping.groupFilter()), "1.1"));
                if (self.getEntryCount() == 1) {
                    throw new FullReadRequired("the selected DN " + base + " is a group, and group selections are read in full");
                }
            }
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                throw new FullReadRequired("a selected DN does not exist any more; a full run reports it");
            }
            throw new FullReadRequired("checking the selected DNs failed (" + e.getMessage() + "); a full run reports it");
        } catch (LDAPException e) {
            throw new FullReadRequired("checking the selected DNs failed (" + e.getMessage() + "); a full run reports it");
        }
        try {
            r.readWith(this::readChanges);
        } catch (RefreshRequired e) {
            throw new FullReadRequired("the directory cannot continue from the stored content sync cookie (e-syncRefreshRequired)");
        }
    }

    private void readChanges() throws LDAPException, SQLException, DirectoryReader.CancelledException {
        changed(r.mapping.containerFilter(), r.mapping.containerAttributes(), this::containerChanged);
        rereadRoots.sort(Comparator.comparingInt(d -> d.getRDNs().length));
        List<DN> done = new ArrayList<>();
        for (DN root : rereadRoots) {
            if (done.stream().anyMatch(d -> root.isDescendantOf(d, true))) {
                continue;
            }
            done.add(root);
            String rootNorm = root.toNormalizedString();
            String parent = baseNorms.contains(rootNorm) || root.getParent() == null ? null : root.getParent().toNormalizedString();
            r.readContainer(root.toString(), containerNorms, parent, this::memberOf);
        }
        changed(r.mapping.userFilter(), r.mapping.userAttributes(), this::userChanged);
        changed(r.mapping.groupFilter(), r.groupAttributesToAsk(), this::groupChanged);
        if (now.feed() == ChangeFeed.AD_USN) {
            tombstones();
        }
    }

    private void containerChanged(Entry e) throws LDAPException, SQLException, EntryMapper.BadEntryException {
        String id = r.mapper.externalId(e);
        String norm = DirectoryReader.norm(e);
        String old = storedContainers.get(id);
        if (!inScope(e.getParsedDN())) {
            r.staging.addGone(id);
            if (old != null) {
                r.staging.addGoneSubtree(old);
                containerNorms.remove(old);
            }
            return;
        }
        if (old == null || !old.equals(norm)) {
            // new here or moved: its children's DNs changed without their entries changing
            rereadRoots.add(e.getParsedDN());
            if (old != null) {
                r.staging.addGoneSubtree(old);
                containerNorms.remove(old);
            }
            containerNorms.add(norm);
            return;
        }
        DN parent = e.getParsedDN().getParent();
        String parentNorm = baseNorms.contains(norm) || parent == null ? null : parent.toNormalizedString();
        r.staging.add(r.mapper.group(e, StagedGroup.CONTAINER, norm, parentNorm));
    }

    private void userChanged(Entry e) throws LDAPException, SQLException, EntryMapper.BadEntryException {
        DN dn = e.getParsedDN();
        if (underReread(dn)) {
            return;
        }
        String id = r.mapper.externalId(e);
        if (!inScope(dn) || (r.skipDisabledUsers && r.mapper.isDisabled(e))) {
            r.staging.addGone(id);
            return;
        }
        String norm = DirectoryReader.norm(e);
        r.staging.add(r.mapper.user(e, norm, DirectoryReader.parentIn(e, containerNorms, norm)));
        memberOf(e, id);
    }

    private void groupChanged(Entry e) throws LDAPException, SQLException, EntryMapper.BadEntryException {
        DN dn = e.getParsedDN();
        if (underReread(dn)) {
            return;
        }
        String id = r.mapper.externalId(e);
        if (!inScope(dn)) {
            r.staging.addGone(id);
            return;
        }
        String norm = DirectoryReader.norm(e);
        StagedGroup g = r.mapper.group(e, StagedGroup.DIRECTORY_GROUP, norm, DirectoryReader.parentIn(e, containerNorms, norm));
        r.staging.add(g);
        r.stageMembers(e, id, null);
        memberOf(e, id);
    }

    /** The groups in the task's DNs that hold this entry as a member: one equality search per selected DN. */
    private void memberOf(Entry e, String id) throws LDAPException, SQLException {
        String attr = r.mapping.memberAttribute();
        String value = attr.equals("memberUid") ? e.getAttributeValue(r.mapping.usernameAttribute()) : e.getDN();
        if (value == null) {
            return;
        }
        Filter f = Filter.createANDFilter(Filter.create(r.mapping.groupFilter()), Filter.createEqualityFilter(attr, value));
        for (DN base : bases) {
            memberSearches++;
            for (SearchResultEntry g : r.connection.search(new SearchRequest(base.toString(), SearchScope.SUB, f, "1.1")).getSearchEntries()) {
                if (!r.isExcluded(g.getParsedDN())) {
                    r.staging.addMemberOf(DirectoryReader.norm(g), id);
                }
            }
        }
    }

    private boolean inScope(DN dn) {
        for (DN b : bases) {
            if (dn.isDescendantOf(b, true)) {
                return !r.isExcluded(dn);
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
    private void changed(String filter, String[] attributes, DirectoryReader.EntryHandler handler)
            throws LDAPException, SQLException, DirectoryReader.CancelledException {
        Filter kind = Filter.create(filter);
        for (String context : now.contexts()) {
            switch (now.feed()) {
                case AD_USN -> r.paged(context, Filter.createANDFilter(
                        Filter.createGreaterOrEqualFilter("uSNChanged", String.valueOf(Long.parseLong(from.value()) + 1)), kind).toString(),
                        attributes, handler, false);
                case MODIFY_TIMESTAMP -> r.paged(context, Filter.createANDFilter(
                        Filter.createGreaterOrEqualFilter(ModifyTimestamps.ATTRIBUTE, from.value()), kind).toString(),
                        attributes, handler, false);
                case CONTENT_SYNC -> contentSync(context, kind, attributes, handler);
            }
        }
    }

    /**
     * A refreshOnly content sync from the stored cookie. Entries stream through a listener (the
     * operation cannot be paged); deletions arrive as DELETE states or syncIdSets, and a server that
     * cannot tell deletions answers with a present phase instead.
     */
    private void contentSync(String context, Filter filter, String[] attributes, DirectoryReader.EntryHandler handler)
            throws LDAPException, SQLException, DirectoryReader.CancelledException {
        Exception[] failure = { null };
        boolean[] sawPresent = { false };
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
                                r.entryError(ex.dn, ex.getMessage());
                            }
                        }
                        case DELETE -> r.staging.addGone(state.getEntryUUID().toString());
                        case PRESENT -> {
                            sawPresent[0] = true;
                            r.staging.addPresent(state.getEntryUUID().toString());
                        }
                    }
                } catch (Exception ex) {
                    failure[0] = ex;
                }
            }

            @Override
            public void searchReferenceReturned(SearchResultReference ref) {
                // continuation references are not followed (as in full reads)
            }
        };
        SearchRequest req = new SearchRequest(listener, context, SearchScope.SUB, filter, attributes);
        req.addControl(new ContentSyncRequestControl(ContentSyncRequestMode.REFRESH_ONLY,
                new ASN1OctetString(Base64.getDecoder().decode(from.value())), false));
        req.setIntermediateResponseListener(ir -> {
            if (failure[0] != null) {
                return;
            }
            try {
                ContentSyncInfoIntermediateResponse info = ContentSyncInfoIntermediateResponse.decode(ir);
                if (info.getType() == ContentSyncInfoType.SYNC_ID_SET) {
                    for (java.util.UUID id : info.getEntryUUIDs()) {
                        if (info.refreshDeletes()) {
                            r.staging.addGone(id.toString());
                        } else {
                            sawPresent[0] = true;
                            r.staging.addPresent(id.toString());
                        }
                    }
                }
            } catch (Exception ex) {
                failure[0] = ex;
            }
        });
        SearchResult result;
        try {
            result = r.connection.search(req);
        } catch (LDAPSearchException e) {
            if (e.getResultCode().intValue() == E_SYNC_REFRESH_REQUIRED) {
                throw new RefreshRequired();
            }
            throw e;
        }
        if (failure[0] instanceof SQLException q) {
            throw q;
        }
        if (failure[0] instanceof LDAPException l) {
            throw l;
        }
        if (failure[0] != null) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "reading the content sync failed: " + failure[0], failure[0]);
        }
        ContentSyncDoneControl done = ContentSyncDoneControl.get(result);
        // an empty refresh (no change, no present) says nothing about deletions: never read it as "all gone"
        if (done != null && !done.refreshDeletes() && sawPresent[0]) {
            presentPhase = true;
        }
        r.countRead(result.getEntryCount());
    }

    /** AD deletions: tombstones (isDeleted) changed since the watermark, read with the show-deleted control. */
    private void tombstones() throws LDAPException, SQLException {
        Filter f = Filter.createANDFilter(Filter.createEqualityFilter("isDeleted", "TRUE"),
                Filter.createGreaterOrEqualFilter("uSNChanged", String.valueOf(Long.parseLong(from.value()) + 1)));
        String idAttribute = r.mapping.idAttribute();
        for (String context : now.contexts()) {
            ASN1OctetString cookie = null;
            do {
                SearchRequest req = new SearchRequest(context, SearchScope.SUB, f, idAttribute);
                req.setControls(new Control(SHOW_DELETED_OID, true), new SimplePagedResultsControl(1000, cookie, true));
                SearchResult page = r.connection.search(req);
                for (SearchResultEntry e : page.getSearchEntries()) {
                    try {
                        r.staging.addGone(r.mapper.externalId(e));
                    } catch (EntryMapper.BadEntryException ex) {
                        // a tombstone without an id names nothing the task could hold
                    }
                }
                SimplePagedResultsControl c = SimplePagedResultsControl.get(page);
                cookie = c == null || c.getCookie().getValueLength() == 0 ? null : c.getCookie();
            } while (cookie != null);
        }
    }
}
