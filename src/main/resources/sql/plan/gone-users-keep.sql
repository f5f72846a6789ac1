-- kept, but no longer what the directory says: incremental runs must not resolve member values or parents to it
update app_user set source_hash = null, left_scope_at = coalesce(left_scope_at, now())
where id in (select id from g_user) and (source_hash is not null or left_scope_at is null) and task_id = ?
