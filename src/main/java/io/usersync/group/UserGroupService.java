package io.usersync.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.All;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The rules of the user-group tree: one root, unique sibling names, no cycles, no orphans. */
@ApplicationScoped
public class UserGroupService {
    private final EntityManager em;
    private final AuditLog audit;
    private final ChangeEvents events;
    /** Highest priority first: the order in which a group's deletion is refused is stable. */
    private final List<GroupReferences> references;

    UserGroupService(EntityManager em, AuditLog audit, @All List<GroupReferences> references, ChangeEvents events) {
        this.events = events;
        this.em = em;
        this.audit = audit;
        this.references = references;
    }

    /** A group that is not removed; 410 Gone for a tombstone, 404 for an id that never was. */
    public UserGroup get(UUID id) {
        UserGroup g = UserGroup.findById(id);
        if (g == null) {
            throw Tombstones.goneOrNotFound(em, "user_group", "user group", id);
        }
        return g;
    }

    public Page<UserGroupDto> list(PageRequest paging, String name, boolean includeRemoved) {
        if (includeRemoved) {
            UserGroup.showRemoved(em);
        }
        var query = name == null || name.isBlank()
                ? UserGroup.<UserGroup>findAll(Sort.by("name").and("id"))
                : UserGroup.<UserGroup>find(
                        "lower(name) like ?1 escape '\\'", Sort.by("name").and("id"), LikePattern.contains(name));
        return page(query, paging);
    }

    public Page<UserGroupDto> children(UUID id, PageRequest paging) {
        get(id);
        return page(UserGroup.find("parentId", Sort.by("name").and("id"), id), paging);
    }

    private static Page<UserGroupDto> page(PanacheQuery<UserGroup> query, PageRequest paging) {
        List<UserGroupDto> items = query.page(paging.toPanache()).list().stream()
                .map(UserGroupDto::of)
                .toList();
        return new Page<>(items, paging.page, paging.size, query.count());
    }

    @Transactional
    public UserGroup create(UserGroupRequest request) {
        events.begin();
        UUID parentId = request.parentId() == null ? UserGroup.ROOT_ID : request.parentId();
        requireParent(parentId);
        requireFreeName(parentId, request.name(), null);
        UserGroup g = new UserGroup();
        g.id = UUID.randomUUID();
        g.parentId = parentId;
        g.name = request.name().strip();
        g.description = request.description();
        g.kind = UserGroup.Kind.MANUAL;
        g.persist();
        em.flush();
        UserGroupDto created = UserGroupDto.of(g);
        audit.change(AuditAction.GROUP_CREATED, "GROUP", g.id, null, created);
        events.api(EventType.GROUP_CREATED, null, g.id, actor(), created, null);
        return g;
    }

    @Transactional
    public UserGroup update(UUID id, UserGroupRequest request, String ifMatch) {
        events.begin();
        UserGroup g = get(id);
        ETags.check(ifMatch, g.version);
        UserGroupDto before = UserGroupDto.of(g);
        String name = request.name().strip();
        UUID parentId = request.parentId() == null ? g.parentId : request.parentId();
        if (g.isRoot()) {
            if (!name.equals(g.name) || request.parentId() != null) {
                throw ProblemException.conflict("the root group 'All' cannot be renamed or moved");
            }
        } else if (g.isSynced() && (!name.equals(g.name) || !parentId.equals(g.parentId))) {
            throw ProblemException.conflict("group " + id + " is owned by sync task " + g.taskId
                    + ": its name and place follow the directory; only its description can be changed");
        } else {
            if (!parentId.equals(g.parentId)) {
                requireParent(parentId);
                if (isSelfOrDescendant(parentId, id)) {
                    throw ProblemException.conflict(
                            "cannot move group '" + g.name + "' under itself or its own descendant " + parentId);
                }
            }
            requireFreeName(parentId, name, id);
            g.name = name;
            g.parentId = parentId;
        }
        g.description = request.description();
        em.flush();
        UserGroupDto after = UserGroupDto.of(g);
        audit.change(AuditAction.GROUP_UPDATED, "GROUP", g.id, before, after);
        ObjectNode changes = events.changes(before, after);
        if (!changes.isEmpty()) {
            events.api(EventType.GROUP_UPDATED, g.taskId, g.id, actor(), after, changes);
        }
        return g;
    }

    @Transactional
    public void delete(UUID id) {
        events.begin();
        UserGroup g = get(id);
        if (g.isRoot()) {
            throw ProblemException.conflict("the root group 'All' cannot be deleted");
        }
        long children = UserGroup.count("parentId", id);
        if (children > 0) {
            throw ProblemException.conflict(
                    "group '" + g.name + "' has " + children + " child group(s); delete or move them first");
        }
        for (GroupReferences refs : references) {
            String blocked = refs.blocksDeletion(g);
            if (blocked != null) {
                throw ProblemException.conflict(blocked);
            }
        }
        UserGroupDto before = UserGroupDto.of(g);
        events.groupRemoving(id, g.parentId, actor());
        // a tombstone is nobody's parent or home: what was removed below it moves up with it gone
        em.createNativeQuery("update user_group set parent_id = ?1 where parent_id = ?2")
                .setParameter(1, g.parentId)
                .setParameter(2, id)
                .executeUpdate();
        em.createNativeQuery("update app_user set group_id = ?1 where group_id = ?2")
                .setParameter(1, g.parentId)
                .setParameter(2, id)
                .executeUpdate();
        em.createNativeQuery("delete from group_user_member where group_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        em.createNativeQuery("delete from group_group_member where group_id = ?1 or member_group_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        g.removedAt = OffsetDateTime.now();
        g.removedBy = audit.currentActor().name();
        em.flush();
        audit.change(AuditAction.GROUP_DELETED, "GROUP", id, before, null);
        events.api(EventType.GROUP_REMOVED, g.taskId, id, actor(), UserGroupDto.of(g), null);
    }

    private String actor() {
        return audit.currentActor().name();
    }

    private void requireParent(UUID parentId) {
        if (UserGroup.findById(parentId) == null) {
            FieldErrors e = new FieldErrors();
            e.addUnknownReference("parentId", "no user group " + parentId);
            e.throwIfAny();
        }
    }

    private void requireFreeName(UUID parentId, String name, UUID self) {
        long clash = self == null
                ? UserGroup.count("parentId = ?1 and lower(name) = lower(?2)", parentId, name.strip())
                : UserGroup.count(
                        "parentId = ?1 and lower(name) = lower(?2) and id <> ?3", parentId, name.strip(), self);
        if (clash > 0) {
            throw ProblemException.conflict(
                    "a group named '" + name.strip() + "' already exists under parent " + parentId);
        }
    }

    /** Walks up from {@code candidate} with one recursive query; true when it meets {@code group}. */
    private boolean isSelfOrDescendant(UUID candidate, UUID group) {
        return ((Number) em.createNativeQuery("""
                with recursive up(id, parent_id) as (
                    select id, parent_id from user_group where id = ?1
                    union all
                    select g.id, g.parent_id from user_group g join up on g.id = up.parent_id)
                select count(*) from up where id = ?2""")
                                .setParameter(1, candidate)
                                .setParameter(2, group)
                                .getSingleResult())
                        .longValue()
                > 0;
    }
}
