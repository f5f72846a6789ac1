package io.usersync.sync;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.usersync.directory.DirectoryException;
import io.usersync.directory.EffectiveMapping;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Reads everything a task selects, page by page, into the staging tables. Any result that is not
 * complete (size or time limit, failed page, dropped connection) throws: the run then writes nothing.
 */
public final class DirectoryReader {
    private static final Logger LOG = Logger.getLogger(DirectoryReader.class);
    private static final Pattern RANGE = Pattern.compile("(?i)^(.+);range=(\\d+)-(\\d+|\\*)$");

    public interface Progress {
        /** Called after each page; throws to stop the read (cancellation). */
        void objectsRead(long total) throws CancelledException;
    }

    /** A directory entry that could not be mapped, and why. */
    public record EntryError(String dn, String reason) {}

    public static final class CancelledException extends Exception {
        public CancelledException() {
            super("cancelled", null, false, false);
        }
    }

    private final ReadContext read;
    private final LDAPConnection connection;
    private final EffectiveMapping mapping;
    private final EntryMapper mapper;
    private final StagingTables staging;
    private final List<String> baseDns;
    private final UsersLeftOut leftOut;
    private final int memberRangeStep;
    /** Entries each search of a container base DN returned below the base itself, per base DN and kind. */
    private final Map<String, Map<ObjectKind, Long>> readBelowBase = new LinkedHashMap<>();

    /** Memberships come from memberOf values (full read) or memberOf searches (changes), never from a group's member list. */
    private boolean membersFromMemberOf;
    /** An incremental run's reader: groups it stages need every member, not only those it reads. */
    private boolean changesOnly;

    private long memberOfValues;
    /**
     * The groups a memberOf read has staged, by normalised DN: a member's value naming one is staged
     * with the group's id at once; others (a group of a base read later, or past this bound) are
     * resolved by the staging's last step.
     */
    private final Map<String, String> groupIdsByDn = new HashMap<>();

    static final int GROUP_IDS_HELD = 200_000;
    /** Above this many distinct members, a group's values are no longer de-duplicated here but by the plan. */
    static final int DISTINCT_MEMBERS_HELD = 100_000;

    /** Reads memberships from memberOf (see {@link io.usersync.directory.MembershipSource#MEMBER_OF}). */
    public void membershipsFromMemberOf(UUID taskId) {
        membersFromMemberOf = true;
        this.taskId = taskId;
    }

    /** The task whose store memberOf reads are checked against. */
    private UUID taskId;

    void changesOnly() {
        changesOnly = true;
    }

    DirectoryReader(ReadContext read, List<String> baseDns, int memberRangeStep) {
        this.read = read;
        this.connection = read.connection();
        this.mapping = read.mapping();
        this.mapper = read.mapper();
        this.staging = read.staging();
        this.leftOut = read.leftOut();
        this.baseDns = List.copyOf(baseDns);
        this.memberRangeStep = memberRangeStep;
    }

    /** False once a group may have been staged twice: a group selection, or base DNs one inside another. */
    private boolean eachGroupOnce = true;

    /**
     * Whether every group was staged once, its member values without repeats: the plan then needs
     * no duplicate elimination over every membership.
     */
    public boolean eachGroupOnce() {
        return eachGroupOnce;
    }

    /**
     * For each container base DN read in full, how many entries its searches returned below it: a base that
     * returns none while the store holds objects from it was most likely hidden from the account.
     */
    public Map<String, Map<ObjectKind, Long>> readBelowBase() {
        return readBelowBase;
    }

    void read() throws DirectoryException, SQLException, CancelledException {
        eachGroupOnce = !nested(baseDns);
        read.read(() -> {
            for (String base : baseDns) {
                readBase(base);
            }
            if (membersFromMemberOf) {
                String distrust = memberOfMissing();
                if (distrust == null) {
                    distrust = memberOfOutOfStep();
                }
                if (distrust != null) {
                    LOG.warnf("memberships are read again from member: %s", distrust);
                    rereadMembersFromMember();
                } else {
                    requireMembersOfGroupsReadEmpty();
                }
            }
        });
    }

    /**
     * A server that keeps no memberOf (no overlay, or one added after the groups were filled) reads as
     * groups without members; the reason to read member instead, or null.
     */
    private String memberOfMissing() throws LDAPException {
        if (memberOfValues > 0) {
            return null;
        }
        String withMembers = Filter.createANDFilter(
                        Filter.create(mapping.groupFilter()), Filter.createPresenceFilter(mapping.memberAttribute()))
                .toString();
        for (DN base : containerBases()) {
            if (!MemberOfSupport.firstMatch(connection, base.toString(), SearchScope.SUB, withMembers, "1.1")
                    .isEmpty()) {
                return "no entry below " + base + " has a memberOf value while groups there have "
                        + mapping.memberAttribute()
                        + " values (the server keeps no memberOf, or the account may not read it)";
            }
        }
        return null;
    }

    /**
     * memberOf naming a DN in the selected subtrees that does not exist: a group renamed or moved where
     * the server does not rewrite memberOf (OpenLDAP's memberof overlay without memberof-refint), whose
     * members would otherwise read as gone from it. The reason to read member instead, or null.
     */
    private String memberOfOutOfStep() throws LDAPException, SQLException {
        List<String> bases =
                containerBases().stream().map(DN::toNormalizedString).toList();
        for (String groupNorm : staging.memberOfGroupsNotStaged(bases, 1000)) {
            if (read.isExcluded(new DN(groupNorm))) {
                continue;
            }
            if (MemberOfSupport.firstMatch(connection, groupNorm, SearchScope.BASE, "(objectClass=*)", "1.1")
                    .isEmpty()) {
                return "memberOf values name " + groupNorm
                        + ", which does not exist (the server's memberOf is out of step with "
                        + mapping.memberAttribute() + ")";
            }
        }
        return null;
    }

    /**
     * A group that reads without members while the store holds some, and still has member values: its
     * members' memberOf names it by a DN it no longer has (moved in from outside the task's DNs, where the
     * server does not rewrite memberOf). Such a read un-links nothing.
     */
    private void requireMembersOfGroupsReadEmpty() throws LDAPException, SQLException {
        List<String> emptied = staging.groupsReadEmptyWithStoredMembers(taskId, 1000);
        Filter withMembers = Filter.createANDFilter(
                Filter.create(mapping.groupFilter()), Filter.createPresenceFilter(mapping.memberAttribute()));
        for (String dn : emptied) {
            if (!MemberOfSupport.firstMatch(connection, dn, SearchScope.BASE, withMembers.toString(), "1.1")
                    .isEmpty()) {
                read.entryError(
                        dn,
                        "has " + mapping.memberAttribute()
                                + " values, but no entry's memberOf names it: its memberships"
                                + " are left as they are (the server's memberOf is out of step; use membershipSource MEMBER)");
            }
        }
    }

    private List<DN> containerBases() throws LDAPException {
        List<DN> out = new ArrayList<>();
        for (String base : baseDns) {
            if (!groupBases.contains(new DN(base).toNormalizedString())) {
                out.add(new DN(base));
            }
        }
        return out;
    }

    /** Drops what memberOf gave and stages each group's member values, as membershipSource MEMBER reads them. */
    private void rereadMembersFromMember() throws LDAPException, SQLException, CancelledException {
        staging.discardMembers();
        membersFromMemberOf = false;
        for (DN base : containerBases()) {
            read.search()
                    .search(
                            base.toString(),
                            mapping.groupFilter(),
                            groupAttributesWithMembers(),
                            e -> stageMembers(e, mapper.externalId(e), null));
        }
    }

    /** Whether a base DN is another's or below it: a subtree read twice. Unparsable DNs count as nested. */
    static boolean nested(List<String> baseDns) {
        for (int i = 0; i < baseDns.size(); i++) {
            for (int j = 0; j < baseDns.size(); j++) {
                if (i == j) {
                    continue;
                }
                try {
                    if (new DN(baseDns.get(i)).isDescendantOf(new DN(baseDns.get(j)), true)) {
                        return true;
                    }
                } catch (LDAPException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The users the task leaves out, as this read judged them. */
    UsersLeftOut leftOut() {
        return leftOut;
    }

    /** Continuation references the read met: what they stand for was not read, so it must not be taken for gone. */
    public ContinuationReferences references() {
        return read.references();
    }

    /** The normalised selected DNs that are groups: their members, not their subtrees, are the scope. */
    public Set<String> groupBases() {
        return groupBases;
    }

    private final Set<String> groupBases = new HashSet<>();
    /** The groups read for the selected groups (themselves included): a member of one of them is in scope. */
    private final Set<String> selectedGroupsRead = new HashSet<>();

    public Set<String> selectedGroupsRead() {
        return selectedGroupsRead;
    }

    private void readBase(String base) throws LDAPException, SQLException, CancelledException {
        SearchResult self = connection.search(
                new SearchRequest(base, SearchScope.BASE, Filter.create(mapping.groupFilter()), "1.1"));
        if (self.getEntryCount() == 1) {
            eachGroupOnce = false;
            groupBases.add(new DN(base).toNormalizedString());
            readGroupSelection(base);
        } else {
            readContainer(base);
        }
    }

    private void readContainer(String base) throws LDAPException, SQLException, CancelledException {
        Map<ObjectKind, Long> below = new EnumMap<>(ObjectKind.class);
        readContainer(base, new HashSet<>(), null, null, below);
        readBelowBase.put(base, below);
    }

    /**
     * Reads a container's subtree. {@code containers} holds the normalised DNs of containers already
     * known (an incremental run's stored ones) and gains those read; {@code baseParent} is the parent
     * the base container itself gets (null: the target group); {@code staged}, when given, is told
     * of each user and directory group staged (entry and external id), for incremental member searches.
     */
    void readContainer(String base, Set<String> containers, String baseParent, BiConsumer<Entry, String> staged)
            throws LDAPException, SQLException, CancelledException {
        readContainer(base, containers, baseParent, staged, new EnumMap<>(ObjectKind.class));
    }

    /** @param below gains how many entries of each kind the searches returned below the base itself */
    private void readContainer(
            String base,
            Set<String> containers,
            String baseParent,
            BiConsumer<Entry, String> staged,
            Map<ObjectKind, Long> below)
            throws LDAPException, SQLException, CancelledException {
        String baseNorm = new DN(base).toNormalizedString();
        boolean[] baseItself = {false};
        long before = read.search().entriesReturned();
        // pages come in no particular order, so a container names its immediate parent; the plan resolves it
        read.search().search(base, mapping.containerFilter(), mapping.containerAttributes(), e -> {
            String norm = norm(e);
            // known before it is mapped: if it cannot be, its children still name it, and keep their stored place
            containers.add(norm);
            if (norm.equals(baseNorm)) {
                baseItself[0] = true;
            }
            String parent = norm.equals(baseNorm)
                    ? baseParent
                    : e.getParsedDN().getParent().toNormalizedString();
            staging.add(mapper.group(e, StagedGroup.CONTAINER, norm, parent));
        });
        below.merge(
                ObjectKind.CONTAINER, read.search().entriesReturned() - before - (baseItself[0] ? 1 : 0), Long::sum);
        // memberOf names groups by DN: read first, a group's id is known when its members' pages come
        boolean groupsFirst = membersFromMemberOf && !changesOnly;
        if (groupsFirst) {
            readGroups(base, containers, staged, below);
        }
        before = read.search().entriesReturned();
        Filter users = Filter.create(mapping.userFilter());
        if (leftOut.disabled() && mapping.isActiveDirectory()) {
            users = Filter.createANDFilter(
                    users, Filter.createNOTFilter(Filter.create("(userAccountControl:1.2.840.113556.1.4.803:=2)")));
        }
        read.search().search(base, users.toString(), userAttributesToAsk(), e -> {
            if (!read.leavesOut(e)) {
                String norm = norm(e);
                StagedUser u = mapper.user(e, norm, parentIn(e, containers, norm));
                staging.add(u);
                if (membersFromMemberOf && !changesOnly) {
                    stageMemberOf(e, norm);
                }
                if (staged != null) {
                    staged.accept(e, u.externalId());
                }
            }
        });
        below.merge(ObjectKind.USER, read.search().entriesReturned() - before, Long::sum);
        if (!groupsFirst) {
            readGroups(base, containers, staged, below);
        }
    }

    private void readGroups(
            String base, Set<String> containers, BiConsumer<Entry, String> staged, Map<ObjectKind, Long> below)
            throws LDAPException, SQLException, CancelledException {
        long before = read.search().entriesReturned();
        read.search().search(base, mapping.groupFilter(), groupAttributesToAsk(), e -> {
            String norm = norm(e);
            StagedGroup g = mapper.group(e, StagedGroup.DIRECTORY_GROUP, norm, parentIn(e, containers, norm));
            staging.add(g);
            if (membersFromMemberOf && groupIdsByDn.size() < GROUP_IDS_HELD) {
                groupIdsByDn.putIfAbsent(norm, g.externalId());
            }
            stageGroupMembers(e, g.externalId(), norm);
            if (staged != null) {
                staged.accept(e, g.externalId());
            }
        });
        below.merge(ObjectKind.GROUP, read.search().entriesReturned() - before, Long::sum);
    }

    /** A selected group: the group, and its members transitively, land under the target group. */
    private void readGroupSelection(String base) throws LDAPException, SQLException, CancelledException {
        Filter userFilter = Filter.create(mapping.userFilter());
        Filter groupFilter = Filter.create(mapping.groupFilter());
        Deque<String> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        // users already staged, remembered up to a bound: past it a user in two selected groups is looked up twice
        Set<String> usersSeen = new HashSet<>();
        pending.add(base);
        String rootNorm = new DN(base).toNormalizedString();
        seen.add(rootNorm);
        while (!pending.isEmpty()) {
            String groupDn = pending.poll();
            read.asking("the entry " + groupDn);
            SearchResultEntry ge = connection.searchForEntry(
                    new SearchRequest(groupDn, SearchScope.BASE, groupFilter, groupAttributesWithMembers()));
            if (ge == null) {
                continue;
            }
            String gNorm = norm(ge);
            StagedGroup g;
            try {
                g = mapper.group(ge, StagedGroup.DIRECTORY_GROUP, gNorm, gNorm.equals(rootNorm) ? null : rootNorm);
            } catch (EntryMapper.BadEntryException ex) {
                read.entryError(ex.dn, ex.getMessage());
                continue;
            }
            staging.add(g);
            selectedGroupsRead.add(gNorm);
            // each member is looked up as its value is read, so no step holds the group's member list; groups
            // are remembered against cycles, users up to a bound (a user staged twice is folded by the plan)
            stageMembers(ge, g.externalId(), memberDn -> {
                DN parsed = new DN(memberDn);
                String mNorm = parsed.toNormalizedString();
                if (seen.contains(mNorm) || usersSeen.contains(mNorm) || read.isExcluded(parsed)) {
                    return;
                }
                read.asking("the entry " + memberDn);
                SearchResultEntry ue = connection.searchForEntry(
                        new SearchRequest(memberDn, SearchScope.BASE, userFilter, mapping.userAttributes()));
                if (ue != null) {
                    if (usersSeen.size() < DISTINCT_MEMBERS_HELD) {
                        usersSeen.add(mNorm);
                    }
                    if (!read.leavesOut(ue)) {
                        try {
                            staging.add(mapper.user(ue, mNorm, rootNorm));
                        } catch (EntryMapper.BadEntryException ex) {
                            read.entryError(ex.dn, ex.getMessage());
                        }
                    }
                    read.countRead(1);
                } else if (seen.add(mNorm)) {
                    pending.add(memberDn);
                }
            });
            if (g.primaryKey() != null) {
                stagePrimaryMembers(g, rootNorm, usersSeen);
            }
            read.countRead(1);
        }
    }

    /**
     * A selected group's members its member values leave out: the users whose primary group it is, searched
     * by primaryGroupID (the RID of the group's SID) or gidNumber below the group's domain. The plan links
     * them to the group by its key.
     */
    private void stagePrimaryMembers(StagedGroup g, String rootNorm, Set<String> usersSeen)
            throws LDAPException, SQLException, CancelledException {
        String value = mapping.isActiveDirectory()
                ? g.primaryKey().substring(g.primaryKey().lastIndexOf('-') + 1)
                : g.primaryKey();
        Filter filter = Filter.createANDFilter(
                Filter.create(mapping.userFilter()),
                Filter.createEqualityFilter(mapping.primaryGroupAttribute(), value));
        read.search().search(domainOf(new DN(g.dn())).toString(), filter.toString(), mapping.userAttributes(), ue -> {
            String mNorm = norm(ue);
            if (usersSeen.contains(mNorm) || read.leavesOut(ue)) {
                return;
            }
            if (usersSeen.size() < DISTINCT_MEMBERS_HELD) {
                usersSeen.add(mNorm);
            }
            staging.add(mapper.user(ue, mNorm, rootNorm));
        });
    }

    /** The domain an entry lives in: its trailing dc= components, or its last RDN where it has none. */
    static DN domainOf(DN dn) {
        RDN[] rdns = dn.getRDNs();
        int first = rdns.length;
        while (first > 0 && rdns[first - 1].hasAttribute("dc")) {
            first--;
        }
        if (first == rdns.length) {
            first = Math.max(0, rdns.length - 1);
        }
        return new DN(Arrays.copyOfRange(rdns, first, rdns.length));
    }

    private String[] userAttributesToAsk() {
        return membersFromMemberOf && !changesOnly
                ? withAttribute(mapping.userAttributes(), "memberOf")
                : mapping.userAttributes();
    }

    /** A group's attributes without its member list when memberships come from memberOf (a full read takes its memberOf). */
    String[] groupAttributesToAsk() {
        if (!membersFromMemberOf) {
            return groupAttributesWithMembers();
        }
        List<String> attrs = new ArrayList<>(List.of(mapping.groupAttributes()));
        attrs.removeIf(a -> a.equalsIgnoreCase(mapping.memberAttribute()));
        return changesOnly ? attrs.toArray(String[]::new) : withAttribute(attrs.toArray(String[]::new), "memberOf");
    }

    private static String[] withAttribute(String[] attributes, String extra) {
        String[] out = Arrays.copyOf(attributes, attributes.length + 1);
        out[attributes.length] = extra;
        return out;
    }

    private String[] groupAttributesWithMembers() {
        String[] attrs = mapping.groupAttributes();
        // only AD answers ranged requests; OpenLDAP and others return no values for "member;range=..."
        if (memberRangeStep > 0
                && mapping.isActiveDirectory()
                && mapping.memberAttribute().equals("member")) {
            for (int i = 0; i < attrs.length; i++) {
                if (attrs[i].equals("member")) {
                    attrs[i] = "member;range=0-" + (memberRangeStep - 1);
                }
            }
        }
        return attrs;
    }

    /** Stages what a read group's memberships need, from whichever source this read uses. */
    void stageGroupMembers(Entry group, String groupId, String groupNorm)
            throws LDAPException, SQLException, CancelledException {
        if (!membersFromMemberOf) {
            stageMembers(group, groupId, null);
        } else if (changesOnly) {
            changedGroups.add(new ChangedGroup(group.getDN(), groupId));
        } else {
            stageMemberOf(group, groupNorm);
        }
    }

    private record ChangedGroup(String dn, String id) {}

    /** An incremental memberOf read's changed groups, whose members are staged by {@link #stageChangedGroupMembers}. */
    private final List<ChangedGroup> changedGroups = new ArrayList<>();

    /** Stored members above which a changed group's members are searched by memberOf rather than read from its entry. */
    static final int LARGE_GROUP_MEMBERS = 10_000;

    /**
     * An incremental memberOf read's changed groups: one the store knows as small is read with its member
     * values, as a base search of one modest entry costs less than a search of its members; a large
     * one, or one the store does not know yet, has its members found by memberOf, a page at a time.
     */
    void stageChangedGroupMembers() throws LDAPException, SQLException, CancelledException {
        if (changedGroups.isEmpty()) {
            return;
        }
        Map<String, StagingTables.StoredMembers> stored = staging.storedMemberCounts(
                taskId, changedGroups.stream().map(ChangedGroup::id).toList(), LARGE_GROUP_MEMBERS + 1);
        for (ChangedGroup g : changedGroups) {
            StagingTables.StoredMembers was = stored.get(g.id());
            if (was == null || was.members() > LARGE_GROUP_MEMBERS) {
                // a renamed group's members may still name its old DN where the server does not rewrite memberOf
                String oldDn = was != null && !SimpleDns.normalize(was.dn()).equals(SimpleDns.normalize(g.dn()))
                        ? was.dn()
                        : null;
                long found = stageMembersFoundByMemberOf(g.dn(), oldDn, g.id());
                if (found == 0 && was != null && was.members() > 0) {
                    read.entryError(
                            g.dn(),
                            "no entry's memberOf names this group, which the store holds with members: its"
                                    + " memberships are left as they are (check that the server keeps memberOf)");
                }
                continue;
            }
            read.asking("the entry " + g.dn());
            SearchResultEntry e = connection.searchForEntry(new SearchRequest(
                    g.dn(), SearchScope.BASE, Filter.create(mapping.groupFilter()), groupAttributesWithMembers()));
            if (e == null) {
                // gone since its change was read: its members cannot be known, so nothing is un-linked this run
                read.entryError(
                        g.dn(),
                        "changed while it was read and could not be read again for its members; the next run reads it");
                continue;
            }
            stageMembers(e, g.id(), null);
        }
        changedGroups.clear();
    }

    /**
     * A full read's memberships from memberOf: each value names a group holding this entry. The plan
     * resolves the group's DN to the group staged with it; a group not read (out of scope) drops out.
     */
    private void stageMemberOf(Entry e, String memberNorm) throws SQLException {
        Attribute values = null;
        for (Attribute a : e.getAttributes()) {
            if (a.getBaseName().equalsIgnoreCase("memberOf")) {
                if (a.hasOptions()) {
                    read.entryError(
                            e.getDN(),
                            "has more memberOf values than the server sends at once (" + a.getName() + "), so its"
                                    + " memberships cannot be read from memberOf: use membershipSource MEMBER");
                    return;
                }
                values = a;
            }
        }
        if (values == null) {
            return;
        }
        Set<String> distinct = new HashSet<>();
        for (String dn : values.getValues()) {
            String groupNorm = SimpleDns.simpleNormalized(dn);
            if (groupNorm == null) {
                try {
                    groupNorm = new DN(dn).toNormalizedString();
                } catch (LDAPException ex) {
                    read.entryError(e.getDN(), "has a memberOf value that is not a DN: " + dn);
                    continue;
                }
            }
            if (distinct.add(groupNorm)) {
                String groupId = groupIdsByDn.get(groupNorm);
                if (groupId != null) {
                    staging.addMember(groupId, memberNorm);
                } else {
                    staging.addMemberDn(groupNorm, memberNorm);
                }
                memberOfValues++;
            }
        }
    }

    /**
     * An incremental run's changed group: every user and group in the selected DNs whose memberOf names
     * it, a page at a time, so the group's size costs pages and never one message.
     */
    private long stageMembersFoundByMemberOf(String groupDn, String oldDn, String groupId)
            throws LDAPException, SQLException, CancelledException {
        Filter names = Filter.createEqualityFilter("memberOf", groupDn);
        if (oldDn != null) {
            names = Filter.createORFilter(names, Filter.createEqualityFilter("memberOf", oldDn));
        }
        Filter filter = Filter.createANDFilter(
                Filter.createORFilter(Filter.create(mapping.userFilter()), Filter.create(mapping.groupFilter())),
                names);
        long[] found = {0};
        // selected DNs may hold one another: a member found twice is staged once while the set stays small
        Set<String> distinct = new HashSet<>();
        for (String base : baseDns) {
            if (groupBases.contains(new DN(base).toNormalizedString())) {
                continue;
            }
            read.search()
                    .searchUntracked(
                            base,
                            filter.toString(),
                            new String[] {"1.1"},
                            "the members of " + groupDn + " below " + base,
                            m -> {
                                String mNorm = norm(m);
                                found[0]++;
                                if (distinct.size() < DISTINCT_MEMBERS_HELD
                                        ? distinct.add(mNorm)
                                        : !distinct.contains(mNorm)) {
                                    staging.addMember(groupId, mNorm);
                                }
                                if (distinct.size() >= DISTINCT_MEMBERS_HELD) {
                                    eachGroupOnce = false;
                                }
                            });
        }
        return found[0];
    }

    /**
     * Stages a group's members, fetching the rest of a ranged attribute (AD sends at most 1,500
     * values per range) with further base searches until the server says the range ends with '*'.
     */
    interface MemberValue {
        void accept(String dn) throws LDAPException, SQLException, CancelledException;
    }

    void stageMembers(Entry group, String groupId, MemberValue alsoTo)
            throws LDAPException, SQLException, CancelledException {
        String attr = mapping.memberAttribute();
        if (attr.equals("memberUid")) {
            for (String uid : group.getAttributeValues(attr) == null ? new String[0] : group.getAttributeValues(attr)) {
                staging.addMemberUid(groupId, uid);
            }
            return;
        }
        Attribute values = null;
        for (Attribute a : group.getAttributes()) {
            if (a.getBaseName().equalsIgnoreCase(attr)) {
                values = a;
            }
        }
        // a value repeated (two spellings of one DN) is staged once, so each group's rows are distinct
        Set<String> staged = new HashSet<>();
        while (values != null) {
            for (String dn : values.getValues()) {
                String value = attr.equals("uniqueMember") ? stripUidSuffix(dn) : dn;
                String normalized = read.excludesNothing() ? SimpleDns.simpleNormalized(value) : null;
                if (normalized == null) {
                    DN parsed;
                    try {
                        parsed = new DN(value);
                    } catch (LDAPException ex) {
                        read.entryError(group.getDN(), "has a member value that is not a DN: " + value);
                        continue;
                    }
                    if (read.isExcluded(parsed)) {
                        continue;
                    }
                    normalized = parsed.toNormalizedString();
                }
                // past the bound, repeats reach the plan, which then folds them (eachGroupOnce false)
                if (staged.size() < DISTINCT_MEMBERS_HELD ? !staged.add(normalized) : staged.contains(normalized)) {
                    continue;
                }
                if (staged.size() >= DISTINCT_MEMBERS_HELD) {
                    eachGroupOnce = false;
                }
                // a memberOf read never meets them (their memberOf is the other domain's): an incremental one
                // that reads a changed group's values leaves them out too, to end where a full one ends
                String foreign = mapping.isActiveDirectory() ? ForeignPrincipals.sidOf(normalized) : null;
                if (foreign != null && membersFromMemberOf) {
                    continue;
                }
                if (foreign != null) {
                    // no entry of this domain to look up: the plan resolves it by its SID
                    staging.addForeignMember(groupId, foreign);
                    continue;
                }
                staging.addMember(groupId, normalized);
                if (alsoTo != null) {
                    alsoTo.accept(value);
                }
            }
            Matcher m = RANGE.matcher(values.getName());
            if (!m.matches() || m.group(3).equals("*")) {
                break;
            }
            int next = Integer.parseInt(m.group(3)) + 1;
            String ask = attr + ";range=" + next + "-"
                    + (memberRangeStep > 0 ? String.valueOf(next + memberRangeStep - 1) : "*");
            read.asking("the entry " + group.getDN());
            SearchResultEntry more = connection.searchForEntry(new SearchRequest(
                    group.getDN(), SearchScope.BASE, Filter.createPresenceFilter("objectClass"), ask));
            values = null;
            if (more != null) {
                for (Attribute a : more.getAttributes()) {
                    if (a.getBaseName().equalsIgnoreCase(attr)) {
                        values = a;
                    }
                }
            }
            if (values == null) {
                throw new LDAPException(
                        ResultCode.UNWILLING_TO_PERFORM,
                        "the server stopped answering the ranged read of " + attr + " of " + group.getDN() + " at "
                                + next);
            }
        }
    }

    private static String stripUidSuffix(String uniqueMember) {
        int hash = uniqueMember.lastIndexOf("#'");
        return hash > 0 ? uniqueMember.substring(0, hash) : uniqueMember;
    }

    static String norm(Entry e) throws LDAPException {
        return SimpleDns.normalize(e.getDN());
    }

    /** The nearest mirrored container above an entry, or null when there is none below the base. */
    static String parentIn(Entry e, Set<String> containers, String selfNorm) throws LDAPException {
        if (selfNorm.indexOf('\\') < 0) {
            // no escape in the normalised form: every comma separates RDNs, so parents are suffixes
            for (String n = SimpleDns.parentOfNormalized(selfNorm); n != null; n = SimpleDns.parentOfNormalized(n)) {
                if (containers.contains(n)) {
                    return n;
                }
            }
            return null;
        }
        DN p = e.getParsedDN().getParent();
        while (p != null && !p.isNullDN()) {
            String n = p.toNormalizedString();
            if (containers.contains(n) && !n.equals(selfNorm)) {
                return n;
            }
            p = p.getParent();
        }
        return null;
    }
}
