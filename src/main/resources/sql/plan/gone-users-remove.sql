-- removal keeps a tombstone under the same id, for the object's return (see V20); by id and owner: what
-- another task took over meanwhile is no longer this task's to remove. Bound: the run, and whether only
-- users due for removal go (DISABLE_THEN_REMOVE)
update app_user set removed_at = now(), removed_by_run_id = ?, removed_by = null, source_hash = null, left_scope_at = null,
       version = version + 1, updated_at = now()
where id in (select id from g_user where due or not ?::boolean) and task_id = ?
