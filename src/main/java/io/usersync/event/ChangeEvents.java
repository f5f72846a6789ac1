package io.usersync.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the events of changes made through the API, in the transaction that makes them (runs write theirs
 * from their plans, set-based). A transaction that will write events calls {@link #begin} before it changes
 * any row: events are written under one lock held to the commit (see V21), and a writer that took row locks
 * first could wait for a run's apply that waits for those rows.
 */
@ApplicationScoped
public class ChangeEvents {
    /** Fields of the API's objects that are not the object's state. */
    private static final Set<String> NOT_COMPARED = Set.of("updatedAt", "groups", "state");

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    /** Takes the events lock for this transaction; call it before the first row change. */
    public void begin() {
        em.createNativeQuery("select usersync_events_lock()").getSingleResult();
    }

    /**
     * One event of an object changed through the API. Its customAttributes appear only when they changed:
     * given for a creation when not empty, or named in {@code changes}.
     *
     * @param object the object as the API shows it after the change (before it, for a removal)
     * @param changes the changed fields with before and after, for an update; null otherwise
     */
    public void api(EventType type, UUID taskId, UUID subject, String actor, Object object, ObjectNode changes) {
        ObjectNode data = object == null ? json.createObjectNode() : (ObjectNode) json.valueToTree(object);
        data.remove("groups");
        JsonNode custom = data.get("customAttributes");
        boolean customChanged = changes != null
                ? changes.has("customAttributes")
                : type.typeName().endsWith(".created") && custom != null && !custom.isEmpty();
        if (!customChanged) {
            data.remove("customAttributes");
        }
        if (changes != null) {
            data.set("changes", changes);
        }
        em.flush();
        em.createNativeQuery("""
                        insert into change_event (type, task_id, via_api, subject, actor, data)
                        values (?1, ?2, true, ?3, ?4, cast(?5 as jsonb))""")
                .setParameter(1, type.typeName())
                .setParameter(2, taskId)
                .setParameter(3, subject)
                .setParameter(4, actor)
                .setParameter(5, data.toString())
                .executeUpdate();
    }

    /**
     * The events of a group's removal through the API for what it leaves behind, before the rows change:
     * each live member's membership.removed, and user.updated for each live user whose home moves with it.
     */
    public void groupRemoving(UUID groupId, UUID newHome, String actor) {
        em.flush();
        em.createNativeQuery("""
                        insert into change_event (type, task_id, via_api, subject, actor, member_id, member_type)
                        select 'membership.removed', g.task_id, true, l.group_id, ?2, l.user_id, 'USER'
                        from group_user_member l join user_group g on g.id = l.group_id
                        join app_user u on u.id = l.user_id and u.removed_at is null
                        where l.group_id = ?1
                        union all
                        select 'membership.removed', g.task_id, true, l.group_id, ?2, l.member_group_id, 'GROUP'
                        from group_group_member l join user_group g on g.id = l.group_id
                        join user_group m on m.id = l.member_group_id and m.removed_at is null
                        where (l.group_id = ?1 or l.member_group_id = ?1) and g.removed_at is null""")
                .setParameter(1, groupId)
                .setParameter(2, actor)
                .executeUpdate();
        em.createNativeQuery("""
                        insert into change_event (type, task_id, via_api, subject, actor, user_row, data)
                        select 'user.updated', u.task_id, true, u.id, ?3,
                               row(u.id, u.task_id, u.external_id, u.sid, ?2, u.username, u.display_name, u.email,
                                   u.phone, u.office, u.job_title, u.department, u.description, u.dn, u.enabled,
                                   u.disabled_by, u.account_expires_at, u.locked_out_at, u.photo_sha256 is not null,
                                   u.attributes::text, u.left_scope_at, null, null, null, null, u.created_at,
                                   now())::usersync_user_row,
                               jsonb_build_object('changes', jsonb_build_object('groupId',
                                   jsonb_build_object('before', u.group_id, 'after', ?2)))
                        from app_user u where u.group_id = ?1 and u.removed_at is null""")
                .setParameter(1, groupId)
                .setParameter(2, newHome)
                .setParameter(3, actor)
                .executeUpdate();
    }

    /**
     * A task's deletion leaves its users and groups in place, made by hand from then on: each live one's
     * user.updated or group.updated, before the rows change.
     */
    public void taskDeleting(UUID taskId, String actor) {
        em.flush();
        em.createNativeQuery("""
                        insert into change_event (type, task_id, via_api, subject, actor, data)
                        select 'group.updated', g.task_id, true, g.id, ?2,
                               usersync_group_data(g.id, g.parent_id, g.name, g.description, g.kind, null,
                                   g.external_id, g.dn, null, null, null, null, g.created_at, now())
                               || jsonb_build_object('changes', jsonb_build_object('taskId',
                                   jsonb_build_object('before', g.task_id, 'after', null)))
                        from user_group g where g.task_id = ?1 and g.removed_at is null""").setParameter(1, taskId).setParameter(2, actor).executeUpdate();
        em.createNativeQuery("""
                        insert into change_event (type, task_id, via_api, subject, actor, user_row, data)
                        select 'user.updated', u.task_id, true, u.id, ?2,
                               row(u.id, null, u.external_id, u.sid, u.group_id, u.username, u.display_name, u.email,
                                   u.phone, u.office, u.job_title, u.department, u.description, u.dn, u.enabled,
                                   u.disabled_by, u.account_expires_at, u.locked_out_at, u.photo_sha256 is not null,
                                   u.attributes::text, u.left_scope_at, null, null, null, null, u.created_at,
                                   now())::usersync_user_row,
                               jsonb_build_object('changes', jsonb_build_object('taskId',
                                   jsonb_build_object('before', u.task_id, 'after', null)))
                        from app_user u where u.task_id = ?1 and u.removed_at is null""").setParameter(1, taskId).setParameter(2, actor).executeUpdate();
    }

    /** The fields of two renderings of one object that differ, each with its value before and after. */
    public ObjectNode changes(Object before, Object after) {
        JsonNode b = json.valueToTree(before);
        JsonNode a = json.valueToTree(after);
        ObjectNode changes = json.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!NOT_COMPARED.contains(f.getKey()) && !f.getValue().equals(b.get(f.getKey()))) {
                changes.set(f.getKey(), pair(b.get(f.getKey()), f.getValue()));
            }
        }
        Iterator<String> names = b.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!NOT_COMPARED.contains(name) && !a.has(name)) {
                changes.set(name, pair(b.get(name), null));
            }
        }
        return changes;
    }

    private ObjectNode pair(JsonNode before, JsonNode after) {
        ObjectNode p = json.createObjectNode();
        p.set("before", before == null ? json.nullNode() : before);
        p.set("after", after == null ? json.nullNode() : after);
        return p;
    }
}
