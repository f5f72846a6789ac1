update app_user set group_id = ? where group_id in (select id from g_group)
