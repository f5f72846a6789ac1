-- users in a removed group move to the target group; each writes its user.updated. Params: target group, run
with r as (
update app_user u set group_id = ?, version = u.version + 1, updated_at = now()
from app_user o
where o.id = u.id and u.group_id in (select id from g_group)
returning u.id, u.task_id, u.group_id, u.removed_at, u as stored, o.group_id as old_group_id)
insert into change_event (type, task_id, run_id, subject, user_row, data)
select 'user.updated', r.task_id, ?::uuid, r.id,
       usersync_user_row_of(r.stored),
       jsonb_build_object('changes', jsonb_build_object('groupId',
              jsonb_build_object('before', r.old_group_id, 'after', r.group_id)))
from r where r.removed_at is null
