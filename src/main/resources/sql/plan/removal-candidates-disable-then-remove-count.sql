select (select count(*) from g_user where (synced and enabled) or due) + (select count(*) from g_group where synced)
