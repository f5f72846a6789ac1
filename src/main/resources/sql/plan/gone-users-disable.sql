-- disabled as gone (DISABLE, and DISABLE_THEN_REMOVE until it is due): the first run that takes it for gone
-- starts its clock; one already disabled by its directory or a person keeps saying who. One that was enabled
-- writes its user.disabled (the store's row as it was is joined in, which the update does not change).
-- Params: task, run
with r as (
update app_user u set enabled = false, disabled_by = case when u.enabled then 'EXTINCTION' else u.disabled_by end,
       left_scope_at = coalesce(u.left_scope_at, now()), source_hash = null, version = u.version + 1, updated_at = now()
from app_user o
where o.id = u.id and u.id in (select id from g_user where not due) and u.task_id = ?
  and (u.enabled or u.left_scope_at is null or u.source_hash is not null)
returning u.id, u.task_id, u as stored, o.enabled as was_enabled)
insert into change_event (type, task_id, run_id, subject, user_row)
select 'user.disabled', r.task_id, ?::uuid, r.id,
       usersync_user_row_of(r.stored)
from r where r.was_enabled
