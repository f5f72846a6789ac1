package io.usersync.sync;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stages one directory object for a run of mode OBJECT, the way an incremental read stages a changed one:
 * the entry if it is inside the task's scope, with the groups in scope that hold it (and for a group, its
 * members); or, when it is gone or out of scope and the task holds it, a deletion for the plan to judge
 * by the task's extinction policy. Each decision is written to the trace the run answers with.
 */
final class ObjectReader {
    private final ReadContext read;
    private final DirectoryReader full;
    private final UUID taskId;
    private final Connection db;
    private final List<DN> bases = new ArrayList<>();
    private final Set<String> containerNorms;
    private final List<String> trace = new ArrayList<>();

    /** What the read found: the object's kind and external id, when it names one. */
    record Found(ObjectKind kind, String externalId) {}

    /** The request cannot be answered by a one-object read (several entries match, a group selection). */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    ObjectReader(
            ReadContext read,
            DirectoryReader full,
            UUID taskId,
            List<String> baseDns,
            Set<String> containerNorms,
            Connection db)
            throws LDAPException {
        this.read = read;
        this.full = full;
        this.taskId = taskId;
        this.db = db;
        this.containerNorms = containerNorms;
        for (String b : baseDns) {
            bases.add(new DN(b));
        }
        read.staging().changesOnly();
        full.changesOnly();
    }

    private Found found;

    List<String> trace() {
        return trace;
    }

    /** What {@link #read} found; null when there is nothing for the plan. */
    Found found() {
        return found;
    }

    /** Reads and stages the object; {@link #found} says what, null when there is nothing for the plan. */
    void read(ObjectTarget target)
            throws LDAPException, SQLException, Refused, EntryMapper.BadEntryException,
                    DirectoryReader.CancelledException {
        found = readEntry(target);
    }

    private Found readEntry(ObjectTarget target)
            throws LDAPException, SQLException, Refused, EntryMapper.BadEntryException,
                    DirectoryReader.CancelledException {
        refuseGroupSelections();
        Entry entry;
        ObjectKind kind;
        if (target.dn() != null) {
            Located at = locateByDn(target.dn());
            if (at == null) {
                trace.add("no entry at " + target.dn());
                return goneIfHeld(byStoredDn(target.dn()));
            }
            entry = at.entry();
            kind = at.kind();
        } else {
            entry = locateByUsername(target.username());
            if (entry == null) {
                return goneIfHeld(byStoredUsername(target.username()));
            }
            kind = ObjectKind.USER;
        }
        String id = read.mapper().externalId(entry);
        if (target.dn() != null) {
            Held before = byStoredDn(target.dn());
            if (before != null && !before.externalId().equals(id)) {
                // the DN now names another object (an account made again under the same name): a full run
                // would take the one the task holds for gone, and so does this run
                trace.add("the task holds another object at this DN ("
                        + before.kind().name().toLowerCase() + " " + before.id() + ", "
                        + read.mapping().idAttribute() + " " + before.externalId() + ")");
                goneIfHeld(before);
            }
        }
        if (kind == null) {
            trace.add("matches neither the task's user filter nor its group filter");
            return goneIfHeld(byStoredId(id));
        }
        trace.add("found " + kind.name().toLowerCase() + " at " + entry.getDN() + " ("
                + read.mapping().idAttribute() + " " + id + ")");
        if (kind == ObjectKind.CONTAINER) {
            trace.add("a container: its users and groups are synced one at a time, or by a full or incremental run;"
                    + " nothing to do");
            return null;
        }
        DN dn = entry.getParsedDN();
        String outside = outsideScope(dn);
        if (outside == null && kind == ObjectKind.USER && read.leavesOut(entry)) {
            outside = "left out by the task (skipDisabledUsers or skipExpiredUsers)";
        }
        if (outside != null) {
            trace.add(outside);
            return goneIfHeld(byStoredId(id));
        }
        String norm = DirectoryReader.norm(entry);
        String parent = DirectoryReader.parentIn(entry, containerNorms, norm);
        if (kind == ObjectKind.USER) {
            read.staging().add(read.mapper().user(entry, norm, parent));
        } else {
            read.staging().add(read.mapper().group(entry, StagedGroup.DIRECTORY_GROUP, norm, parent));
            full.stageGroupMembers(entry, id, norm);
            full.stageChangedGroupMembers();
        }
        read.countRead(1);
        stageGroupsHolding(entry, id);
        return new Found(kind, id);
    }

    private record Located(Entry entry, ObjectKind kind) {}

    /** The entry at a DN, as the first of the task's user, group and container filters it matches (kind null: none). */
    private Located locateByDn(String dn) throws LDAPException {
        Entry e = base(dn, read.mapping().userFilter(), read.mapping().userAttributes());
        if (e != null) {
            return new Located(e, ObjectKind.USER);
        }
        e = base(dn, read.mapping().groupFilter(), full.groupAttributesToAsk());
        if (e != null) {
            return new Located(e, ObjectKind.GROUP);
        }
        e = base(dn, read.mapping().containerFilter(), read.mapping().containerAttributes());
        if (e != null) {
            return new Located(e, ObjectKind.CONTAINER);
        }
        e = base(dn, "(objectClass=*)", new String[] {read.mapping().idAttribute()});
        return e == null ? null : new Located(e, null);
    }

    private Entry base(String dn, String filter, String[] attributes) throws LDAPException {
        read.asking("base search of " + dn + " for " + filter);
        try {
            List<SearchResultEntry> found = read.connection()
                    .search(new SearchRequest(dn, SearchScope.BASE, Filter.create(filter), attributes))
                    .getSearchEntries();
            return found.isEmpty() ? null : found.get(0);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return null;
            }
            throw e;
        }
    }

    /** The one user with this username below the task's base DNs (excluded DNs left out), or null. */
    private Entry locateByUsername(String username) throws LDAPException, Refused {
        Filter f = Filter.createANDFilter(
                Filter.create(read.mapping().userFilter()),
                Filter.createEqualityFilter(read.mapping().usernameAttribute(), username));
        List<Entry> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (DN b : bases) {
            read.asking("search of " + b + " for " + f);
            for (SearchResultEntry e : read.connection()
                    .search(new SearchRequest(
                            b.toString(), SearchScope.SUB, f, read.mapping().userAttributes()))
                    .getSearchEntries()) {
                if (!read.isExcluded(e.getParsedDN()) && seen.add(DirectoryReader.norm(e))) {
                    found.add(e);
                }
            }
        }
        if (found.size() > 1) {
            throw new Refused("the username " + username + " matches " + found.size() + " users in the task's base"
                    + " DNs (" + String.join("; ", seen) + "): give the DN");
        }
        if (found.isEmpty()) {
            trace.add("no user with " + read.mapping().usernameAttribute() + "=" + username
                    + " below the task's base DNs, outside its excluded DNs");
            return null;
        }
        trace.add("the user with " + read.mapping().usernameAttribute() + "=" + username + " is "
                + found.get(0).getDN());
        return found.get(0);
    }

    /** Why a DN lies outside the task's scope, or null when it lies inside (and says so in the trace). */
    private String outsideScope(DN dn) throws LDAPException {
        for (DN b : bases) {
            if (dn.isDescendantOf(b, true)) {
                if (read.isExcluded(dn)) {
                    return "inside the base DN " + b + ", but below one of the task's excluded DNs";
                }
                trace.add("inside the base DN " + b + ", not excluded; matches the task's filter");
                return null;
            }
        }
        return "outside the task's base DNs ("
                + String.join("; ", bases.stream().map(DN::toString).toList()) + ")";
    }

    /** A task that selects a group syncs that group's members, which a one-object read cannot judge alone. */
    private void refuseGroupSelections() throws LDAPException, Refused {
        for (DN b : bases) {
            if (base(b.toString(), read.mapping().groupFilter(), new String[] {"1.1"}) != null) {
                throw new Refused("the task selects the group " + b + ", whose members are read with it: run it"
                        + " full or incremental to sync them");
            }
        }
    }

    /** The groups inside the scope that hold the entry: its memberships replace what the store holds for it. */
    private void stageGroupsHolding(Entry entry, String id) throws LDAPException, SQLException {
        String attr = read.mapping().memberAttribute();
        String value = attr.equals("memberUid")
                ? entry.getAttributeValue(read.mapping().usernameAttribute())
                : entry.getDN();
        read.staging().addMembershipsSearched(id);
        if (value == null) {
            return;
        }
        Filter f = Filter.createANDFilter(
                Filter.create(read.mapping().groupFilter()), Filter.createEqualityFilter(attr, value));
        int groups = 0;
        for (DN b : bases) {
            read.asking("search of " + b + " for " + f);
            for (SearchResultEntry g : read.connection()
                    .search(new SearchRequest(b.toString(), SearchScope.SUB, f, "1.1"))
                    .getSearchEntries()) {
                if (!read.isExcluded(g.getParsedDN())) {
                    read.staging().addMemberOf(DirectoryReader.norm(g), id);
                    groups++;
                }
            }
        }
        trace.add("member of " + groups + (groups == 1 ? " group" : " groups") + " inside the task's scope");
    }

    /** A held object that is gone or out of scope goes to the plan as a deletion, for the extinction policy. */
    private Found goneIfHeld(Held held) throws SQLException {
        if (held == null) {
            trace.add("the task holds no such object: nothing to do");
            return null;
        }
        trace.add("the task holds it as " + held.kind().name().toLowerCase() + " " + held.id()
                + ": taken for gone, so the task's extinction policy applies (after a lookup by its id)");
        read.staging().addGone(held.externalId());
        return new Found(held.kind(), held.externalId());
    }

    private record Held(ObjectKind kind, UUID id, String externalId) {}

    private Held byStoredId(String externalId) throws SQLException {
        return held(
                "select 'USER', id, external_id from app_user where task_id = ? and external_id = ? and removed_at is null"
                        + " union all select case when kind = 'CONTAINER' then 'CONTAINER' else 'GROUP' end, id, external_id"
                        + " from user_group where task_id = ? and external_id = ? and removed_at is null",
                externalId);
    }

    private Held byStoredDn(String dn) throws SQLException {
        String norm;
        try {
            norm = SimpleDns.normalize(dn);
        } catch (LDAPException e) {
            return null;
        }
        return held(
                "select 'USER', id, external_id from app_user where task_id = ? and dn_norm = ? and removed_at is null"
                        + " union all select case when kind = 'CONTAINER' then 'CONTAINER' else 'GROUP' end, id, external_id"
                        + " from user_group where task_id = ? and dn_norm = ? and removed_at is null",
                norm);
    }

    private Held byStoredUsername(String username) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "select id, external_id from app_user where task_id = ? and lower(username) = lower(?)"
                        + " and removed_at is null limit 2")) {
            s.setObject(1, taskId);
            s.setString(2, username);
            try (ResultSet r = s.executeQuery()) {
                Held h = r.next() ? new Held(ObjectKind.USER, r.getObject(1, UUID.class), r.getString(2)) : null;
                return h != null && !r.next() ? h : null;
            }
        }
    }

    private Held held(String sql, String value) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setObject(1, taskId);
            s.setString(2, value);
            s.setObject(3, taskId);
            s.setString(4, value);
            try (ResultSet r = s.executeQuery()) {
                return r.next()
                        ? new Held(ObjectKind.valueOf(r.getString(1)), r.getObject(2, UUID.class), r.getString(3))
                        : null;
            }
        }
    }
}
