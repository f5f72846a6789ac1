-- the task's objects less its tombstones, each count index-backed (a live-rows filter on the whole count
-- would read every row's heap page)
select (select count(*) from g_user), (select count(*) from g_user where enabled), (select count(*) from g_group),
       (select count(*) from app_user where task_id = ?) - (select count(*) from app_user where task_id = ? and removed_at is not null)
       + (select count(*) from user_group where task_id = ?) - (select count(*) from user_group where task_id = ? and removed_at is not null),
       (select count(*) from g_user where due), (select count(*) from g_user where due and enabled)
