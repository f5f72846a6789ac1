-- Removal keeps a tombstone: a removed user or group stays, hidden, under its id, so that the same
-- directory object coming back is restored to it (customAttributes and hand-made memberships with it),
-- until the retention purges it. Who disabled a user is kept, so that a sync never re-enables one a
-- person disabled. A run can sync one object (mode OBJECT).

alter table app_user add column removed_at timestamptz;
alter table app_user add column removed_by_run_id uuid;
alter table app_user add column removed_by text;
alter table app_user add column purged_at timestamptz;
-- DIRECTORY: the directory says so; EXTINCTION: it left the task's scope; ADMIN: a person
alter table app_user add column disabled_by text check (disabled_by in ('DIRECTORY', 'EXTINCTION', 'ADMIN'));
-- what the directory says of the account, whatever a person or the extinction policy decided on top
alter table app_user add column directory_enabled boolean;
-- when a run first took it for gone and kept it (DISABLE, DISABLE_THEN_REMOVE, SKIP); cleared when it returns
alter table app_user add column left_scope_at timestamptz;

alter table user_group add column removed_at timestamptz;
alter table user_group add column removed_by_run_id uuid;
alter table user_group add column removed_by text;
alter table user_group add column purged_at timestamptz;

-- who disabled the users disabled today, as well as can be told: a hand-made user by a person; a synced one
-- the last run did not find, under DISABLE, by the extinction policy (SKIP kept such users as their directory
-- last said); any other by its directory
update app_user u set disabled_by = case
        when u.task_id is null then 'ADMIN'
        when u.source_hash is null
             and (select t.user_extinction_handling from sync_task t where t.id = u.task_id) = 'DISABLE' then 'EXTINCTION'
        else 'DIRECTORY' end
where not u.enabled;
update app_user set directory_enabled = enabled where task_id is not null and disabled_by is distinct from 'EXTINCTION';
-- when a user kept as gone left the scope was not recorded: its clock for DISABLE_THEN_REMOVE starts now,
-- so that no user becomes due sooner than removeAfterDays after the upgrade
update app_user set left_scope_at = now() where task_id is not null and source_hash is null;

-- tombstones take no name: a new group may have a removed one's name
drop index user_group_sibling_name;
create unique index user_group_sibling_name on user_group (parent_id, lower(name)) where task_id is null and removed_at is null;

-- the purge job's scan, and DISABLE_THEN_REMOVE's users that are due
create index app_user_removed on app_user (removed_at) where removed_at is not null and purged_at is null;
create index user_group_removed on user_group (removed_at) where removed_at is not null and purged_at is null;
-- a task's objects are counted as all of them less its tombstones: both counts stay index-only
create index app_user_task_removed on app_user (task_id) where removed_at is not null;
create index user_group_task_removed on user_group (task_id) where removed_at is not null;
create index app_user_left_scope on app_user (task_id, left_scope_at) where left_scope_at is not null and removed_at is null;

alter table sync_task drop constraint sync_task_user_extinction_handling_check;
alter table sync_task add constraint sync_task_user_extinction_handling_check
    check (user_extinction_handling in ('REMOVE', 'DISABLE', 'DISABLE_THEN_REMOVE', 'SKIP'));
alter table sync_task add column remove_after_days integer check (remove_after_days >= 0);

-- a run of one object: it waits behind the task's running run, never beside it, and may be queued
-- while another run is (one run at a time still holds for the other modes)
alter table sync_run drop constraint sync_run_mode_check;
alter table sync_run add constraint sync_run_mode_check check (mode in ('FULL', 'INCREMENTAL', 'OBJECT'));
alter table sync_run drop constraint sync_run_executed_mode_check;
alter table sync_run add constraint sync_run_executed_mode_check check (executed_mode in ('FULL', 'INCREMENTAL', 'OBJECT'));
alter table sync_run add column object_request jsonb;
alter table sync_run add column trace text[];
drop index sync_run_one_active;
create unique index sync_run_one_active on sync_run (task_id) where status in ('QUEUED', 'RUNNING') and mode <> 'OBJECT';
create unique index sync_run_one_running on sync_run (task_id) where status = 'RUNNING';
