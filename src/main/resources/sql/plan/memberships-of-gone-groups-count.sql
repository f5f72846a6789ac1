select (select count(*) from r_user_member r where r.group_id in (select id from g_group))
     + (select count(*) from r_group_member r where r.group_id in (select id from g_group))
