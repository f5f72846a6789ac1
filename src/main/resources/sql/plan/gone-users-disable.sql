update app_user set enabled = false, source_hash = null, version = version + 1, updated_at = now()
where id in (select id from g_user where enabled) and task_id = ?
