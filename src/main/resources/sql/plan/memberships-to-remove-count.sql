select (select count(*) from r_user_member) + (select count(*) from r_group_member)
