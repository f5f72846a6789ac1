delete from r_group_member where group_id in (select id from g_group)
