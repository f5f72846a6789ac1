-- whether the plan's primary-group branches have anything to join: a staged user or group with a key,
-- or (for an incremental run's moved memberships) a stored user of the task with one
select ((exists (select 1 from s_user where primary_group_key is not null))
        or (exists (select 1 from s_group where primary_key is not null))
        or (exists (select 1 from app_user where task_id = ? and primary_group_key is not null)))::int
