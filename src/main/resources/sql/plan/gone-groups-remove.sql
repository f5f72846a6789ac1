delete from user_group where id in (select id from g_group) and task_id = ?
