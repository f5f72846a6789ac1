-- Schedules: how far each task's cron has been looked at, and runs that wait for their jitter.
alter table sync_task add column schedule_checked_until timestamptz;
alter table sync_run add column not_before timestamptz;
drop index sync_run_queue;
create index sync_run_queue on sync_run (coalesce(not_before, queued_at)) where status = 'QUEUED';
