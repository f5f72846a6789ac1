-- the stored rows the read speaks for are none: every membership the directory names is added
create temp table r_user_member as select group_id, user_id from l_user_member
