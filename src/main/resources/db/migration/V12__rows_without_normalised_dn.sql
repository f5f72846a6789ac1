-- Every full run gives rows synced before V7 (which added dn_norm) their normalised DN. Finding none
-- took a scan of the task's rows, about 0.1 s per run with 100,000 users; these indexes hold only
-- the rows still without one (synced ones get it from their first full run; users made by hand have none).
create index app_user_without_dn_norm on app_user (task_id) where dn_norm is null;
create index user_group_without_dn_norm on user_group (task_id) where dn_norm is null;
