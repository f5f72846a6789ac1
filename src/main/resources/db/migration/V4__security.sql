-- API tokens for scripts and pipelines, and the audit trail of everything that changes the service.

create table api_token (
    id            uuid primary key,
    name          text not null,
    role          text not null check (role in ('viewer', 'operator', 'admin')),
    -- SHA-256 of the secret: the secret itself is shown once and never stored
    secret_hash   text not null unique,
    -- the first characters of the secret, so a console can show which token is which
    secret_prefix text not null,
    expires_at    timestamptz,
    created_at    timestamptz not null default now(),
    created_by    text not null,
    last_used_at  timestamptz
);
create unique index api_token_name on api_token (lower(name));

create table audit_event (
    id              bigserial primary key,
    at              timestamptz not null default now(),
    actor           text not null,
    actor_type      text not null check (actor_type in ('TOKEN', 'BOOTSTRAP', 'OIDC', 'SYSTEM', 'ANONYMOUS')),
    action          text not null,
    target_type     text,
    target_id       text,
    remote_address  text,
    outcome         text not null default 'SUCCESS' check (outcome in ('SUCCESS', 'FAILURE')),
    detail          text,
    before          jsonb,
    after           jsonb
);
create index audit_event_at on audit_event (at desc);
create index audit_event_target on audit_event (target_type, target_id);
create index audit_event_actor on audit_event (actor, at desc);
