-- disabled as gone (DISABLE, and DISABLE_THEN_REMOVE until it is due): the first run that takes it for gone
-- starts its clock; one already disabled by its directory or a person keeps saying who
update app_user set enabled = false, disabled_by = case when enabled then 'EXTINCTION' else disabled_by end,
       left_scope_at = coalesce(left_scope_at, now()), source_hash = null, version = version + 1, updated_at = now()
where id in (select id from g_user where not due) and task_id = ?
  and (enabled or left_scope_at is null or source_hash is not null)
