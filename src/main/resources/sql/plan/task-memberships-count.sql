select (select count(*) from group_user_member l join user_group g on g.id = l.group_id where g.task_id = ?)
     + (select count(*) from group_group_member l join user_group g on g.id = l.group_id where g.task_id = ?)
