-- users in a removed group move to the target group; each writes its user.updated. Params: target group, run
with r as (
update app_user u set group_id = ?, version = u.version + 1, updated_at = now()
from app_user o
where o.id = u.id and u.group_id in (select id from g_group)
returning u.*, o.group_id as old_group_id)
insert into change_event (type, task_id, run_id, subject, user_row, data)
select 'user.updated', r.task_id, ?::uuid, r.id,
       row(r.id, r.task_id, r.external_id, r.sid, r.group_id, r.username, r.display_name, r.email, r.phone, r.office, r.job_title, r.department, r.description, r.dn, r.enabled, r.disabled_by, r.account_expires_at, r.locked_out_at, r.photo_sha256 is not null, r.attributes::text, r.left_scope_at, r.removed_at, r.removed_by_run_id, r.removed_by, r.purged_at, r.created_at, r.updated_at)::usersync_user_row,
       jsonb_build_object('changes', jsonb_build_object('groupId',
              jsonb_build_object('before', r.old_group_id, 'after', r.group_id)))
from r where r.removed_at is null
