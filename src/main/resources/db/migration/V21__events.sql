-- Change events out: a transactional outbox. Each change to users, groups and memberships writes its event
-- row in the transaction that makes it (a run's from its plan, set-based); consumers read them in order by
-- seq, from the change feed or from webhook subscriptions that keep a cursor.

create type usersync_user_row as (
    id uuid, task_id uuid, external_id text, sid text, group_id uuid, username text, display_name text,
    email text, phone text, office text, job_title text, department text, description text, dn text,
    enabled boolean, disabled_by text, account_expires_at timestamptz, locked_out_at timestamptz,
    has_photo boolean, attributes text, left_scope_at timestamptz, removed_at timestamptz,
    removed_by_run_id uuid, removed_by text, purged_at timestamptz, created_at timestamptz,
    updated_at timestamptz);

create table change_event (
    -- the position in the stream and the CloudEvent's id
    seq       bigint generated always as identity primary key,
    time      timestamptz not null default now(),
    -- user.created, group.updated, membership.added, run.finished, ...
    type      text not null,
    -- the owning task of the object (null for objects made by hand): what taskId filters on
    task_id   uuid,
    run_id    uuid,
    -- the change came through the API (source /usersync/api) rather than from a task's run
    via_api   boolean not null default false,
    -- the object id; the group for membership events
    subject   uuid not null,
    -- who made a change through the API
    actor     text,
    -- membership events carry their member here rather than as data, which costs no JSON per row
    member_id   uuid,
    member_type text,
    -- a user event's user as the change leaves it: a row of fields, rendered as JSON only when read, which
    -- costs a run's apply far less than JSON per user
    user_row  usersync_user_row,
    -- the object (groups, runs, changes made through the API), and a user event's changes
    data      jsonb
);

-- Events are read by position: a reader that has seen position n must never later see a smaller one commit.
-- So every transaction that writes events does so under one transaction-level lock, held to its commit:
-- positions are then handed out in commit order. Writers take it before their first row change (runs as
-- their apply begins, the API as its transaction begins), so that no writer waits for it while holding rows
-- another writer needs; this trigger is the backstop for any that did not.
create function usersync_events_lock() returns void language sql as $$
    select pg_advisory_xact_lock(hashtext(current_schema() || ':usersync-events'))
$$;

create function change_event_ordered() returns trigger language plpgsql as $$
begin
    perform usersync_events_lock();
    return null;
end
$$;
create trigger change_event_ordered before insert on change_event
    for each statement execute function change_event_ordered();

-- positions at or below this were purged by the retention: a reader behind it has lost events
create table change_event_floor (
    id  integer primary key check (id = 1),
    seq bigint not null
);
insert into change_event_floor values (1, 0);

-- a user as GET /users/{id} shows it, less customAttributes and groups; its state as of the reading
create function usersync_user_json(u usersync_user_row) returns jsonb language sql stable as $$
    select jsonb_strip_nulls(jsonb_build_object(
        'id', u.id, 'taskId', u.task_id, 'externalId', u.external_id, 'sid', u.sid, 'groupId', u.group_id,
        'username', u.username, 'displayName', u.display_name, 'email', u.email, 'phone', u.phone,
        'office', u.office, 'jobTitle', u.job_title, 'department', u.department, 'description', u.description,
        'dn', u.dn, 'enabled', u.enabled,
        'state', case when not u.enabled then 'DISABLED'
                      when u.account_expires_at is not null and u.account_expires_at <= now() then 'EXPIRED'
                      else 'ACTIVE' end,
        'disabledBy', u.disabled_by, 'accountExpiresAt', u.account_expires_at,
        'locked', u.locked_out_at is not null, 'lockedOutAt', u.locked_out_at, 'hasPhoto', u.has_photo,
        'leftScopeAt', u.left_scope_at, 'removedAt', u.removed_at, 'removedByRunId', u.removed_by_run_id,
        'removedBy', u.removed_by, 'purgedAt', u.purged_at, 'createdAt', u.created_at, 'updatedAt', u.updated_at))
        -- attributes as the directory gave them, nulls and all
        || case when u.attributes is null then '{}'::jsonb else jsonb_build_object('attributes', u.attributes::jsonb) end
$$;

-- a stored user as its events keep it
create function usersync_user_row_of(u app_user) returns usersync_user_row language sql stable as $$
    select row(u.id, u.task_id, u.external_id, u.sid, u.group_id, u.username, u.display_name, u.email, u.phone,
               u.office, u.job_title, u.department, u.description, u.dn, u.enabled, u.disabled_by,
               u.account_expires_at, u.locked_out_at, u.photo_sha256 is not null, u.attributes::text,
               u.left_scope_at, u.removed_at, u.removed_by_run_id, u.removed_by, u.purged_at, u.created_at,
               u.updated_at)::usersync_user_row
$$;

create function usersync_group_data(
        id uuid, parent_id uuid, name text, description text, kind text, task_id uuid, external_id text, dn text,
        removed_at timestamptz, removed_by_run_id uuid, removed_by text, purged_at timestamptz,
        created_at timestamptz, updated_at timestamptz)
    returns jsonb language sql immutable as $$
    select jsonb_strip_nulls(jsonb_build_object(
        'id', id, 'parentId', parent_id, 'name', name, 'description', description, 'kind', kind,
        'taskId', task_id, 'externalId', external_id, 'dn', dn, 'removedAt', removed_at,
        'removedByRunId', removed_by_run_id, 'removedBy', removed_by, 'purgedAt', purged_at,
        'createdAt', created_at, 'updatedAt', updated_at))
$$;

-- the event as a CloudEvent 1.0 in JSON structured mode
create function usersync_cloudevent(e change_event) returns jsonb language sql stable as $$
    select jsonb_strip_nulls(jsonb_build_object(
               'specversion', '1.0',
               'id', e.seq::text,
               'source', case when e.via_api or e.task_id is null then '/usersync/api'
                              else '/usersync/tasks/' || e.task_id end,
               'type', 'io.usersync.' || e.type,
               'time', to_char(e.time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               'subject', e.subject::text,
               'datacontenttype', 'application/json',
               'taskid', e.task_id::text,
               'runid', e.run_id::text,
               'actor', e.actor))
           || jsonb_build_object('data', case
               when (e.user_row).id is not null then usersync_user_json(e.user_row) || coalesce(e.data, '{}'::jsonb)
               when e.data is not null then e.data
               else jsonb_build_object('groupId', e.subject, 'memberType', e.member_type, 'memberId', e.member_id) end)
$$;

-- run.finished: every run that ends, whichever path ends it (the engine, a cancel, the lease sweeper), once;
-- dry runs emit nothing
create function sync_run_finished_event() returns trigger language plpgsql as $$
begin
    insert into change_event (type, task_id, run_id, subject, data)
    values ('run.finished', new.task_id, new.id, new.id, jsonb_strip_nulls(jsonb_build_object(
               'id', new.id, 'taskId', new.task_id, 'status', new.status, 'mode', new.mode,
               'executedMode', new.executed_mode, 'trigger', new.trigger, 'counts', new.counts,
               'failureCategory', new.failure_category, 'failureReason', new.failure_reason,
               'wouldRemove', new.would_remove, 'queuedAt', new.queued_at, 'startedAt', new.started_at,
               'finishedAt', new.finished_at)));
    return null;
end
$$;
create trigger sync_run_finished after update of status on sync_run for each row
    when (old.status in ('QUEUED', 'RUNNING') and new.status not in ('QUEUED', 'RUNNING') and not new.dry_run)
    execute function sync_run_finished_event();
create trigger sync_run_inserted_finished after insert on sync_run for each row
    when (new.status not in ('QUEUED', 'RUNNING') and not new.dry_run)
    execute function sync_run_finished_event();

-- webhook subscriptions: each delivers, in order, the events after its cursor that its filter selects
create table webhook_subscription (
    id               uuid primary key,
    url              text not null,
    -- event types (user.created) or prefixes (user.*); empty: every type
    events           text[] not null default '{}',
    -- null: every task's events and the API's
    task_ids         uuid[],
    enabled          boolean not null default true,
    -- AES-256-GCM as task passwords are (SecretCipher)
    secret_encrypted bytea not null,
    status           text not null default 'ACTIVE' check (status in ('ACTIVE', 'FAILING')),
    -- the last event delivered or passed over
    cursor           bigint not null,
    -- the current streak of failed attempts
    failing_since    timestamptz,
    attempts         integer not null default 0,
    next_attempt_at  timestamptz,
    last_error       text,
    lease_owner      text,
    lease_expires_at timestamptz,
    version          bigint not null default 0,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

create table webhook_delivery (
    id              bigserial primary key,
    subscription_id uuid not null references webhook_subscription (id) on delete cascade,
    attempted_at    timestamptz not null default now(),
    kind            text not null check (kind in ('EVENTS', 'TEST')),
    first_event_id  bigint,
    last_event_id   bigint,
    event_count     integer not null default 0,
    http_status     integer,
    latency_ms      integer,
    error           text,
    instance        text
);
create index webhook_delivery_subscription on webhook_delivery (subscription_id, id desc);
create index webhook_delivery_time on webhook_delivery (attempted_at);
