select (select count(*) from g_user), (select count(*) from g_user where enabled), (select count(*) from g_group),
       null, (select count(*) from g_user where due), (select count(*) from g_user where due and enabled)
