-- Runs that kept objects they could not confirm gone end WARNING; the delete threshold gains a limit on
-- memberships; a watermark carries the task's membership count so an incremental run need not count them.

alter table sync_run drop constraint sync_run_status_check;
alter table sync_run add constraint sync_run_status_check
    check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'WARNING', 'FAILED', 'BLOCKED_BY_THRESHOLD', 'CANCELLED'));

-- null: the default share (see DeleteThreshold)
alter table sync_task add column delete_max_membership_percent integer;

alter table sync_watermark add column memberships bigint;

-- Runs of different tasks apply one at a time (an advisory lock); each apply counts here, so a run that
-- planned without the lock can tell whether another applied since, and plan again.
create table sync_apply_generation (
    id integer primary key check (id = 1),
    n  bigint not null
);
insert into sync_apply_generation values (1, 0);
