delete from r_user_member where group_id in (select id from g_group)
