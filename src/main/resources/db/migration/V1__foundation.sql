-- The user directory that syncs write into, and the sync tasks that drive them.

create table user_group (
    id           uuid primary key,
    parent_id    uuid references user_group (id),
    name         text not null,
    description  text,
    -- set for groups a sync created: the owning task and the directory object's stable id
    task_id      uuid,
    external_id  text,
    kind         text not null default 'MANUAL' check (kind in ('ROOT', 'MANUAL', 'CONTAINER', 'DIRECTORY_GROUP')),
    dn           text,
    sid          text,
    -- hash of the directory-mapped fields: an unchanged object costs no write
    source_hash  text,
    version      bigint not null default 0,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    constraint user_group_root_has_no_parent check ((kind = 'ROOT') = (parent_id is null))
);
-- groups made through the API have unique names among siblings, whatever their case; synced groups
-- mirror the directory, where an OU and a group of the same name can be siblings
create unique index user_group_sibling_name on user_group (parent_id, lower(name)) where task_id is null;
create index user_group_parent on user_group (parent_id);
create unique index user_group_single_root on user_group ((kind)) where kind = 'ROOT';
create unique index user_group_task_external on user_group (task_id, external_id) where task_id is not null;

insert into user_group (id, parent_id, name, description, kind)
values ('00000000-0000-0000-0000-000000000001', null, 'All', 'Root of the user directory', 'ROOT');

create table sync_task (
    id                        uuid primary key,
    name                      text not null,
    description               text,
    enabled                   boolean not null default true,
    run_immediately           boolean not null default false,
    directory_type            text not null check (directory_type in ('ACTIVE_DIRECTORY', 'LDAP')),
    host                      text not null,
    port                      integer not null check (port between 1 and 65535),
    security                  text not null check (security in ('NONE', 'STARTTLS', 'LDAPS')),
    login                     text not null,
    -- AES-GCM: key version byte, 12-byte nonce, ciphertext and tag; never the plaintext
    password_ciphertext       bytea not null,
    trusted_certificates_pem  text,
    trust_all_certificates    boolean not null default false,
    mapping                   jsonb,
    target_group_id           uuid not null references user_group (id),
    base_dns                  varchar[] not null,
    excluded_dns              varchar[] not null default '{}',
    skip_disabled_users       boolean not null default false,
    collision_handling        text not null check (collision_handling in ('SKIP', 'OVERWRITE')),
    user_extinction_handling  text not null check (user_extinction_handling in ('REMOVE', 'DISABLE', 'SKIP')),
    group_extinction_handling text not null check (group_extinction_handling in ('REMOVE', 'SKIP')),
    delete_max_count          integer,
    delete_max_percent        integer,
    schedule                  jsonb,
    tags                      varchar[] not null default '{}',
    version                   bigint not null default 0,
    created_at                timestamptz not null default now(),
    updated_at                timestamptz not null default now()
);
create unique index sync_task_name on sync_task (lower(name));
create index sync_task_target_group on sync_task (target_group_id);

alter table user_group add constraint user_group_task foreign key (task_id) references sync_task (id) on delete set null;

create table app_user (
    id                uuid primary key,
    -- null for users an admin created by hand; they are what a sync can collide with
    task_id           uuid references sync_task (id) on delete set null,
    external_id       text,
    sid               text,
    group_id          uuid not null references user_group (id),
    username          text not null,
    display_name      text,
    email             text,
    phone             text,
    office            text,
    job_title         text,
    department        text,
    description       text,
    dn                text,
    enabled           boolean not null default true,
    attributes        jsonb not null default '{}',
    custom_attributes jsonb not null default '{}',
    -- hash of the directory-mapped fields: an unchanged object costs no write
    source_hash       text,
    version           bigint not null default 0,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);
create unique index app_user_task_external on app_user (task_id, external_id) where task_id is not null;
create index app_user_group on app_user (group_id, lower(username));
create index app_user_sid on app_user (sid) where sid is not null;
create index app_user_username on app_user (lower(username));

-- directory group membership, many-to-many; a group's members can be users and groups
create table group_user_member (
    group_id uuid not null references user_group (id) on delete cascade,
    user_id  uuid not null references app_user (id) on delete cascade,
    primary key (group_id, user_id)
);
create index group_user_member_user on group_user_member (user_id);

create table group_group_member (
    group_id        uuid not null references user_group (id) on delete cascade,
    member_group_id uuid not null references user_group (id) on delete cascade,
    primary key (group_id, member_group_id)
);
create index group_group_member_member on group_group_member (member_group_id);
