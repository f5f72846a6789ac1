-- what hangs below a removed group (kept users, groups made by hand, and groups removed with it) moves to
-- the target group: a tombstone is nobody's parent. A live group that moves writes its group.updated.
-- Params: target group, run
with r as (
update user_group c set parent_id = ?, version = c.version + 1, updated_at = now()
from user_group o
where o.id = c.id and c.parent_id in (select id from g_group)
returning c.*, o.parent_id as old_parent_id)
insert into change_event (type, task_id, run_id, subject, data)
select 'group.updated', r.task_id, ?::uuid, r.id,
       usersync_group_data(r.id, r.parent_id, r.name, r.description, r.kind, r.task_id, r.external_id, r.dn, r.removed_at, r.removed_by_run_id, r.removed_by, r.purged_at, r.created_at, r.updated_at)
       || jsonb_build_object('changes', jsonb_build_object('parentId',
              jsonb_build_object('before', r.old_parent_id, 'after', r.parent_id)))
from r where r.id not in (select id from g_group)
