analyze g_user;
analyze g_group
