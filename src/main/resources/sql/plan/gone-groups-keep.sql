update user_group set source_hash = null where id in (select id from g_group) and source_hash is not null and task_id = ?
