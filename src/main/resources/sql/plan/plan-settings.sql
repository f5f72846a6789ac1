-- CREATE TABLE AS statements that read these settings were planned with their generic estimates;
-- the settings keep those plans
select set_config('usersync.task_id', ?, false),
       set_config('usersync.target_group_id', ?, false),
       set_config('usersync.extinction_allowed', ?, false)
