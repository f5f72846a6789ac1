-- whether the plan's primary-group branches have anything to join: a staged user or group with a key, or
-- (bound: incremental runs only, whose stored rows move with a changed user) a staged user the store holds
-- with one; looked up by the staged users, not by a scan of the task's users
select ((exists (select 1 from s_user where primary_group_key is not null))
        or (exists (select 1 from s_group where primary_key is not null))
        or (?::boolean and exists (select 1 from s_user s join app_user a on a.task_id = ? and a.external_id = s.ext_id
                                   where a.primary_group_key is not null)))::int
