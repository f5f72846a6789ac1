-- removal keeps a tombstone under the same id, for the object's return (see V20); by id and owner: what
-- another task took over meanwhile is no longer this task's to remove. Bound: the run, and whether only
-- users due for removal go (DISABLE_THEN_REMOVE). Each removal writes its user.removed
with r as (
update app_user u set removed_at = now(), removed_by_run_id = ?, removed_by = null, source_hash = null, left_scope_at = null,
       version = version + 1, updated_at = now()
where id in (select id from g_user where due or not ?::boolean) and task_id = ?
returning u.id, u.task_id, u.removed_by_run_id, u as stored)
insert into change_event (type, task_id, run_id, subject, user_row)
select 'user.removed', r.task_id, r.removed_by_run_id, r.id,
       usersync_user_row_of(r.stored)
from r
