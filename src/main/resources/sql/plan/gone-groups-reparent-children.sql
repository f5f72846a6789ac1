-- what still hangs below a removed group (kept users, groups made by hand) moves to the target group
update user_group set parent_id = ? where parent_id in (select id from g_group) and id not in (select id from g_group)
