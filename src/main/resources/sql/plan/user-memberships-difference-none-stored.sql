-- the stored rows the read speaks for are none (in a full run, the task's groups hold no one yet: its
-- first run): every membership the directory names is added, and the full join with its two copies of
-- every membership would be wasted
create temp table r_user_member as select group_id, user_id from l_user_member_stored
