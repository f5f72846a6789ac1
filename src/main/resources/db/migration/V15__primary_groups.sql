-- A user's primary group is not among that group's member values: AD names it by the RID in
-- primaryGroupID (the group's objectSid is the user's domain SID and that RID), RFC 2307 by gidNumber.
-- A group's key is what users name it by (AD: its objectSid; posixGroup: its gidNumber), a user's the key
-- of its primary group; a synced group's members include the task's users that name it.
alter table user_group add column primary_key text;
alter table app_user add column primary_group_key text;
update user_group set primary_key = sid where sid is not null and task_id is not null;
-- a changed group's primary members are found by its key, without a read of the directory
create index app_user_primary_group on app_user (task_id, primary_group_key) where primary_group_key is not null;
-- and a changed user's primary group by the key it names
create index user_group_primary_key on user_group (task_id, primary_key) where primary_key is not null;
