-- removal keeps a tombstone under the same id, for the object's return (see V20); by id and owner: what
-- another task took over meanwhile is no longer this task's to remove. Bound: the run, and whether only
-- users due for removal go (DISABLE_THEN_REMOVE). Each removal writes its user.removed
with r as (
update app_user set removed_at = now(), removed_by_run_id = ?, removed_by = null, source_hash = null, left_scope_at = null,
       version = version + 1, updated_at = now()
where id in (select id from g_user where due or not ?::boolean) and task_id = ?
returning *)
insert into change_event (type, task_id, run_id, subject, user_row)
select 'user.removed', r.task_id, r.removed_by_run_id, r.id,
       row(r.id, r.task_id, r.external_id, r.sid, r.group_id, r.username, r.display_name, r.email, r.phone, r.office, r.job_title, r.department, r.description, r.dn, r.enabled, r.disabled_by, r.account_expires_at, r.locked_out_at, r.photo_sha256 is not null, r.attributes::text, r.left_scope_at, r.removed_at, r.removed_by_run_id, r.removed_by, r.purged_at, r.created_at, r.updated_at)::usersync_user_row
from r
