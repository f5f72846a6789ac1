select (select count(*) from g_user), (select count(*) from g_user where enabled), (select count(*) from g_group),
       null
