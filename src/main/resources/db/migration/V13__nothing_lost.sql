-- Runs that kept objects they could not confirm gone end WARNING; the delete threshold gains a limit on
-- memberships; a watermark carries the task's membership count so an incremental run need not count them.

alter table sync_run drop constraint sync_run_status_check;
alter table sync_run add constraint sync_run_status_check
    check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'WARNING', 'FAILED', 'BLOCKED_BY_THRESHOLD', 'CANCELLED'));

-- null: the default share (see DeleteThreshold)
alter table sync_task add column delete_max_membership_percent integer;

alter table sync_watermark add column memberships bigint;

-- A membership may refer to a user the inserting transaction did not write (an unchanged user, a stored
-- one an incremental run resolved a member value to). Without a lock on it, a concurrent delete of that
-- user commits after this check and before this insert commits, and its cascade cannot see the new row:
-- the membership would point at nobody. Users the transaction wrote itself are locked already.
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
    perform 1 from app_user u where u.id in (select distinct user_id from new_rows)
        and u.xmin <> pg_current_xact_id()::xid for key share;
    if exists (select 1 from new_rows n where not exists (select 1 from app_user u where u.id = n.user_id)) then
        raise foreign_key_violation using message = 'group_user_member refers to a user that does not exist';
    end if;
    perform set_config('enable_nestloop', nestloop, true);
    return null;
end $$;
