-- a view: the membership difference full-joins it once, and copying the stored rows into a
-- table first would only add a write of every membership
create temp view l_user_member_stored as
select l.group_id, l.user_id from group_user_member l join user_group g on g.id = l.group_id
where g.task_id = current_setting('usersync.task_id')::uuid
