select (select count(*) from d_user_member) + (select count(*) from d_group_member)
