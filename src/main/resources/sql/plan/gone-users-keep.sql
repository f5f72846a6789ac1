-- kept, but no longer what the directory says: incremental runs must not resolve member values or parents to it
update app_user set source_hash = null where id in (select id from g_user) and source_hash is not null and task_id = ?
