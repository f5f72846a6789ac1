-- what hangs below a removed group (kept users, groups made by hand, and groups removed with it) moves to
-- the target group: a tombstone is nobody's parent
update user_group set parent_id = ? where parent_id in (select id from g_group)
