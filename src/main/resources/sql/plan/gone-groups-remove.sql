-- removal keeps a tombstone (see gone-users-remove) and writes its group.removed; its memberships go, except
-- its own in groups made by hand
with r as (
update user_group set removed_at = now(), removed_by_run_id = ?, removed_by = null, source_hash = null,
       version = version + 1, updated_at = now()
where id in (select id from g_group) and task_id = ?
returning *)
insert into change_event (type, task_id, run_id, subject, data)
select 'group.removed', r.task_id, r.removed_by_run_id, r.id,
       usersync_group_data(r.id, r.parent_id, r.name, r.description, r.kind, r.task_id, r.external_id, r.dn, r.removed_at, r.removed_by_run_id, r.removed_by, r.purged_at, r.created_at, r.updated_at)
from r;
delete from group_user_member where group_id in (select id from g_group);
delete from group_group_member where group_id in (select id from g_group);
-- two statements, each by its own index: an OR of the two would scan every link
delete from group_group_member l using g_group g, user_group c
where l.member_group_id = g.id and c.id = l.group_id and c.task_id is not null
