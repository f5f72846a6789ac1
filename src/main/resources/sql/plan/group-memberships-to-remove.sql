create temp table r_group_member as
select l.group_id, l.member_group_id from group_group_member l join user_group g on g.id = l.group_id
where g.task_id = current_setting('usersync.task_id')::uuid
  and not exists (select 1 from d_group_member d where d.group_id = l.group_id and d.member_group_id = l.member_group_id)
