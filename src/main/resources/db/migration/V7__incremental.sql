-- Incremental sync: where each task's last complete read left off, and the normalised DNs an
-- incremental run resolves member values and parents against without re-reading the directory.
create table sync_watermark (
    task_id        uuid primary key references sync_task (id) on delete cascade,
    -- AD_USN (uSNChanged + tombstones), CONTENT_SYNC (RFC 4533 cookie) or MODIFY_TIMESTAMP
    feed           text not null check (feed in ('AD_USN', 'CONTENT_SYNC', 'MODIFY_TIMESTAMP')),
    -- the server that issued it: AD dnsHostName, else host:port; AD also the DC's invocationId
    server         text not null,
    invocation_id  text,
    value          text not null,
    -- what the read covered (connection, DNs, mapping, filters): a change of any forces a full run
    scope_hash     text not null,
    full_at        timestamptz not null,
    -- the task's objects when it was taken: sizes the "too many changes, run full" limit without a count
    objects        bigint not null default 0,
    updated_at     timestamptz not null default now()
);

alter table app_user add column dn_norm text;
alter table user_group add column dn_norm text;
create index user_group_task_dn on user_group (task_id, dn_norm) where task_id is not null;

-- mode is what was asked; executed_mode what ran, and mode_reason why they differ
alter table sync_run add column executed_mode text check (executed_mode in ('FULL', 'INCREMENTAL'));
alter table sync_run add column mode_reason text;

-- an incremental run resolves the member values of a changed group to stored users by normalised DN
create index app_user_task_dn on app_user (task_id, dn_norm) where task_id is not null;
