select (select count(*) from g_user where synced and enabled) + (select count(*) from g_group where synced)
