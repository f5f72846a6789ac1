select (select count(*) from g_user), (select count(*) from g_user where enabled), (select count(*) from g_group),
       (select count(*) from app_user where task_id = ?) + (select count(*) from user_group where task_id = ?)
