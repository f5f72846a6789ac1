select (select count(*) from g_user where synced) + (select count(*) from g_group where synced)
