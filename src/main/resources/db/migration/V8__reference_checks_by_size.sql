-- The statement-level reference checks of V5 ran with nested loops off: right for a bulk insert
-- (300,000 memberships: 0.4 s of hash anti-joins against 2.1 s of index probes), wrong for a small one,
-- where PostgreSQL 15 then hashes the whole parent table (an incremental run's 20 memberships: 30 ms
-- against 100,000 users). Nested loops are now turned off only for statements of over 1,000 rows, and
-- put back before the function returns (set_config(..., true) would otherwise last the transaction).

create or replace function group_user_member_refs() returns trigger language plpgsql as $$
declare
    nestloop text := current_setting('enable_nestloop');
begin
    if exists (select 1 from new_rows offset 1000) then
        perform set_config('enable_nestloop', 'off', true);
    end if;
    perform 1 from user_group g where g.id in (select distinct group_id from new_rows) for key share;
    if exists (select 1 from new_rows n where not exists (select 1 from user_group g where g.id = n.group_id)) then
        raise foreign_key_violation using message = 'group_user_member refers to a user group that does not exist';
    end if;
    if exists (select 1 from new_rows n where not exists (select 1 from app_user u where u.id = n.user_id)) then
        raise foreign_key_violation using message = 'group_user_member refers to a user that does not exist';
    end if;
    perform set_config('enable_nestloop', nestloop, true);
    return null;
end $$;

create or replace function app_user_refs() returns trigger language plpgsql as $$
declare
    nestloop text := current_setting('enable_nestloop');
begin
    if exists (select 1 from new_rows offset 1000) then
        perform set_config('enable_nestloop', 'off', true);
    end if;
    perform 1 from user_group g where g.id in (select distinct group_id from new_rows) for key share;
    if exists (select 1 from new_rows n where not exists (select 1 from user_group g where g.id = n.group_id)) then
        raise foreign_key_violation using message = 'app_user.group_id refers to a user group that does not exist';
    end if;
    perform 1 from sync_task t where t.id in (select distinct task_id from new_rows where task_id is not null) for key share;
    if exists (select 1 from new_rows n where n.task_id is not null
               and not exists (select 1 from sync_task t where t.id = n.task_id)) then
        raise foreign_key_violation using message = 'app_user.task_id refers to a sync task that does not exist';
    end if;
    perform set_config('enable_nestloop', nestloop, true);
    return null;
end $$;

create or replace function sync_run_change_refs() returns trigger language plpgsql as $$
declare
    nestloop text := current_setting('enable_nestloop');
begin
    if exists (select 1 from new_rows offset 1000) then
        perform set_config('enable_nestloop', 'off', true);
    end if;
    perform 1 from sync_run r where r.id in (select distinct run_id from new_rows) for key share;
    if exists (select 1 from new_rows n where not exists (select 1 from sync_run r where r.id = n.run_id)) then
        raise foreign_key_violation using message = 'sync_run_change refers to a run that does not exist';
    end if;
    perform set_config('enable_nestloop', nestloop, true);
    return null;
end $$;
