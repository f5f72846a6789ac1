-- a removed user leaves the synced groups of every task (its own task's un-links are the plan's, counted);
-- groups made by hand keep it, hidden, for its return
delete from group_user_member l using user_group g
where l.user_id in (select x.id from g_user x join app_user u on u.id = x.id where u.removed_by_run_id = ?)
  and g.id = l.group_id and g.task_id is not null
