package io.usersync.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.panache.common.Sort;
import io.usersync.api.ETags;
import io.usersync.api.FieldErrors;
import io.usersync.api.LikePattern;
import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.ProblemException;
import io.usersync.api.Tombstones;
import io.usersync.audit.AuditAction;
import io.usersync.audit.AuditLog;
import io.usersync.event.ChangeEvents;
import io.usersync.event.EventType;
import io.usersync.group.UserGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Reads the user store and guards its hand-made part; synced users' directory fields are read-only. */
@ApplicationScoped
public class UserService {
    private final EntityManager em;
    private final AuditLog audit;
    private final UserPurge purge;
    private final ChangeEvents events;

    UserService(EntityManager em, AuditLog audit, UserPurge purge, ChangeEvents events) {
        this.events = events;
        this.em = em;
        this.audit = audit;
        this.purge = purge;
    }

    /** A user that is not removed; 410 Gone for a tombstone, 404 for an id that never was. */
    public AppUser get(UUID id) {
        AppUser u = AppUser.findById(id);
        if (u == null) {
            throw Tombstones.goneOrNotFound(em, "app_user", "user", id);
        }
        return u;
    }

    public UserDto detail(AppUser u) {
        return UserDto.of(u, groupsOf(u));
    }

    @SuppressWarnings("unchecked")
    private List<UserDto.GroupRef> groupsOf(AppUser u) {
        List<Object[]> rows = em.createNativeQuery("""
                select g.id, g.name, 'HOME' from user_group g where g.id = ?1
                union all
                select g.id, g.name, 'MEMBER' from group_user_member m join user_group g on g.id = m.group_id
                where m.user_id = ?2 and g.removed_at is null order by 3, 2""")
                .setParameter(1, u.groupId)
                .setParameter(2, u.id)
                .getResultList();
        return rows.stream()
                .map(r -> new UserDto.GroupRef((UUID) r[0], (String) r[1], (String) r[2]))
                .toList();
    }

    /**
     * @param groupId users sitting in the group or members of it
     * @param q part of the username, display name or email
     */
    public Page<UserDto> list(
            PageRequest paging, String q, UUID groupId, UUID taskId, String state, boolean includeRemoved) {
        if (includeRemoved) {
            UserGroup.showRemoved(em);
        }
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (q != null && !q.isBlank()) {
            where.add(
                    "(lower(username) like :q escape '\\' or lower(displayName) like :q escape '\\' or lower(email) like :q escape '\\')");
            params.put("q", LikePattern.contains(q));
        }
        if (groupId != null) {
            where.add("(groupId = :group or id in (select m.userId from GroupUserMember m where m.groupId = :group))");
            params.put("group", groupId);
        }
        if (taskId != null) {
            where.add("taskId = :task");
            params.put("task", taskId);
        }
        if (state != null && !state.isBlank()) {
            String clause = state(state).where();
            where.add(clause);
            if (clause.contains(":now")) {
                params.put("now", OffsetDateTime.now());
            }
        }
        var query = AppUser.<AppUser>find(
                String.join(" and ", where), Sort.by("username").and("id"), params);
        List<UserDto> items = query.page(paging.toPanache()).list().stream()
                .map(u -> UserDto.of(u, null))
                .toList();
        return new Page<>(items, paging.page, paging.size, query.count());
    }

    /** The user's photo, or empty when it has none. */
    public Optional<UserPhoto> photo(AppUser u) {
        if (u.photoSha256 == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select content_type, bytes from user_photo where user_id = ?1")
                .setParameter(1, u.id)
                .getResultList();
        return rows.stream().findFirst().map(r -> new UserPhoto((String) r[0], (byte[]) r[1], u.photoSha256));
    }

    private static UserState state(String value) {
        try {
            return UserState.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            new FieldErrors()
                    .add("state", "must be one of ACTIVE, DISABLED, EXPIRED (was '" + value + "')")
                    .throwIfAny();
            throw e;
        }
    }

    @Transactional
    public AppUser create(UserRequest r) {
        events.begin();
        UUID group = r.groupId() == null ? UserGroup.ROOT_ID : r.groupId();
        requireGroup(group);
        AppUser u = new AppUser();
        u.id = UUID.randomUUID();
        copyDirectoryFields(r, u, group);
        u.customAttributes = r.customAttributes() == null ? Map.of() : r.customAttributes();
        u.attributes = Map.of();
        u.disabledBy = u.enabled ? null : DisabledBy.ADMIN;
        u.persist();
        em.flush();
        UserDto created = detail(u);
        audit.change(AuditAction.USER_CREATED, "USER", u.id, null, created);
        events.api(EventType.USER_CREATED, null, u.id, actor(), created, null);
        return u;
    }

    @Transactional
    public AppUser update(UUID id, UserRequest r, String ifMatch) {
        events.begin();
        AppUser u = get(id);
        ETags.check(ifMatch, u.version);
        UserDto before = detail(u);
        UUID group = r.groupId() == null ? u.groupId : r.groupId();
        if (u.taskId != null) {
            List<String> changed = directoryFieldsChanged(r, u, group);
            if (!changed.isEmpty()) {
                throw ProblemException.conflict("user " + id + " is owned by sync task " + u.taskId + ": " + changed
                        + " come from the directory and are read-only; only enabled and customAttributes can be"
                        + " changed");
            }
            // enabled: false holds even where the directory already disabled it, for when it enables it again
            if (Boolean.FALSE.equals(r.enabled()) || (Boolean.TRUE.equals(r.enabled()) && !u.enabled)) {
                setEnabledOfSynced(u, r.enabled());
            }
        } else {
            requireGroup(group);
            copyDirectoryFields(r, u, group);
            u.disabledBy = u.enabled ? null : DisabledBy.ADMIN;
        }
        u.customAttributes = r.customAttributes() == null ? Map.of() : r.customAttributes();
        em.flush();
        UserDto after = detail(u);
        audit.change(AuditAction.USER_UPDATED, "USER", u.id, before, after);
        updated(before, after);
        return u;
    }

    /**
     * A person disables a synced user (a sync never enables it again), or enables one a person disabled: it
     * is then as its directory says. One its directory or the extinction policy disabled is theirs to enable.
     */
    private static void setEnabledOfSynced(AppUser u, boolean enabled) {
        if (!enabled) {
            u.enabled = false;
            u.disabledBy = DisabledBy.ADMIN;
            return;
        }
        if (u.disabledBy != DisabledBy.ADMIN) {
            throw ProblemException.conflict("user " + u.id + " was disabled by "
                    + (u.disabledBy == DisabledBy.EXTINCTION
                            ? "its sync task because it left the task's scope: it is enabled when it comes back"
                            : "its directory: enable the account there")
                    + "; only a user an admin disabled can be enabled here");
        }
        if (u.leftScopeAt != null) {
            u.disabledBy = DisabledBy.EXTINCTION;
        } else if (Boolean.FALSE.equals(u.directoryEnabled)) {
            u.disabledBy = DisabledBy.DIRECTORY;
        } else {
            u.enabled = true;
            u.disabledBy = null;
        }
    }

    /**
     * Removes a user made by hand: it becomes a tombstone (410 Gone) until the retention purges it. With
     * {@code purge}, a tombstone or a user made by hand is purged now (USERSYNC_PURGE_MODE). A synced user
     * leaves by leaving its directory scope: removed here, it would come back on the next run.
     */
    @Transactional
    public void delete(UUID id, boolean purgeNow) {
        if (purgeNow) {
            purge.begin(actor());
        } else {
            events.begin();
        }
        AppUser u = AppUser.findById(id);
        if (u == null) {
            Tombstones.Removal removal =
                    Tombstones.of(em, "app_user", id).orElseThrow(() -> ProblemException.notFound("user", id));
            if (!purgeNow || removal.purgedAt() != null) {
                throw Tombstones.gone("user", id, removal);
            }
            if (!purge.purgeUser(id)) {
                throw ProblemException.conflict(
                        "user " + id + " was restored meanwhile: its directory object came back");
            }
            audit.change(AuditAction.USER_PURGED, "USER", id, null, null);
            return;
        }
        if (u.taskId != null) {
            throw ProblemException.conflict("user " + id + " is owned by sync task " + u.taskId
                    + ": remove it from the directory scope, or it would come back on the next run");
        }
        UserDto before = detail(u);
        u.removedAt = OffsetDateTime.now();
        u.removedBy = audit.currentActor().name();
        em.flush();
        audit.change(AuditAction.USER_DELETED, "USER", id, before, null);
        events.api(EventType.USER_REMOVED, u.taskId, id, actor(), detail(u), null);
        if (purgeNow && purge.purgeUser(id)) {
            audit.change(AuditAction.USER_PURGED, "USER", id, null, null);
        }
    }

    /**
     * A change of enabled is user.enabled or user.disabled; any other change is user.updated, with each
     * changed field before and after.
     */
    private void updated(UserDto before, UserDto after) {
        ObjectNode changes = events.changes(before, after);
        changes.remove(List.of("enabled", "disabledBy"));
        if (before.enabled() != after.enabled()) {
            events.api(
                    after.enabled() ? EventType.USER_ENABLED : EventType.USER_DISABLED,
                    after.taskId(),
                    after.id(),
                    actor(),
                    after,
                    null);
        }
        if (!changes.isEmpty()) {
            events.api(EventType.USER_UPDATED, after.taskId(), after.id(), actor(), after, changes);
        }
    }

    private String actor() {
        return audit.currentActor().name();
    }

    private static void copyDirectoryFields(UserRequest r, AppUser u, UUID group) {
        u.username = r.username().strip();
        u.displayName = r.displayName();
        u.email = r.email();
        u.phone = r.phone();
        u.office = r.office();
        u.jobTitle = r.jobTitle();
        u.department = r.department();
        u.description = r.description();
        u.enabled = !Boolean.FALSE.equals(r.enabled());
        u.groupId = group;
    }

    private static List<String> directoryFieldsChanged(UserRequest r, AppUser u, UUID group) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(r.username().strip(), u.username)) {
            changed.add("username");
        }
        compare(changed, "displayName", r.displayName(), u.displayName);
        compare(changed, "email", r.email(), u.email);
        compare(changed, "phone", r.phone(), u.phone);
        compare(changed, "office", r.office(), u.office);
        compare(changed, "jobTitle", r.jobTitle(), u.jobTitle);
        compare(changed, "department", r.department(), u.department);
        compare(changed, "description", r.description(), u.description);
        if (!group.equals(u.groupId)) {
            changed.add("groupId");
        }
        return changed;
    }

    /** An omitted field of a synced user means "leave it", not "clear it". */
    private static void compare(List<String> changed, String name, String requested, String stored) {
        if (requested != null && !requested.equals(stored)) {
            changed.add(name);
        }
    }

    private static void requireGroup(UUID group) {
        if (UserGroup.findById(group) == null) {
            FieldErrors e = new FieldErrors();
            e.addUnknownReference("groupId", "no user group " + group);
            e.throwIfAny();
        }
    }
}
