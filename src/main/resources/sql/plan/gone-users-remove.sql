-- by id and owner: what another task took over meanwhile is no longer this task's to remove
delete from app_user where id in (select id from g_user) and task_id = ?
