-- statements that read the task through these settings are planned without its value; the incremental
-- ones that must see the task's row count take it as a bind parameter instead (users-gone-incremental)
select set_config('usersync.task_id', ?, false),
       set_config('usersync.target_group_id', ?, false),
       set_config('usersync.extinction_allowed', ?, false),
       -- DISABLE_THEN_REMOVE: how long a user stays disabled before it is removed; else -1
       set_config('usersync.remove_after_secs', ?, false)
