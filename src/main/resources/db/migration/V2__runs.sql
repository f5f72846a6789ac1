-- Runs are the queue as well as the history: a replica claims a QUEUED run with FOR UPDATE SKIP LOCKED.
create table sync_run (
    id                uuid primary key,
    task_id           uuid not null references sync_task (id) on delete cascade,
    status            text not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'BLOCKED_BY_THRESHOLD', 'CANCELLED')),
    trigger           text not null check (trigger in ('MANUAL', 'SCHEDULE', 'CREATE')),
    mode              text not null default 'FULL' check (mode in ('FULL', 'INCREMENTAL')),
    dry_run           boolean not null default false,
    allow_mass_delete boolean not null default false,
    phase             text,
    objects_read      bigint not null default 0,
    counts            jsonb not null default '{}',
    failure_category  text,
    failure_reason    text,
    would_remove      integer,
    fire_time         timestamptz,
    lease_owner       text,
    lease_expires_at  timestamptz,
    cancel_requested  boolean not null default false,
    queued_at         timestamptz not null default now(),
    started_at        timestamptz,
    finished_at       timestamptz
);
-- one queued or running run per task, whatever the number of replicas
create unique index sync_run_one_active on sync_run (task_id) where status in ('QUEUED', 'RUNNING');
create unique index sync_run_fire on sync_run (task_id, fire_time) where fire_time is not null;
create index sync_run_task_time on sync_run (task_id, queued_at desc);
create index sync_run_queue on sync_run (queued_at) where status = 'QUEUED';

create table sync_run_change (
    id             bigserial primary key,
    run_id         uuid not null references sync_run (id) on delete cascade,
    action         text not null,
    object_type    text not null,
    external_id    text,
    dn             text,
    changed_fields text[],
    reason         text
);
create index sync_run_change_run on sync_run_change (run_id, id);
