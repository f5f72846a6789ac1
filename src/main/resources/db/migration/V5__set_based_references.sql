-- Set-based referential integrity for the tables a sync fills in bulk.
--
-- A row-level foreign key costs a lookup and a row lock per inserted row: for a first sync of 100,000
-- users and 300,000 memberships that was 10.3 s of a 28.6 s run (measured: 300,000 memberships insert
-- in 7.7 s with their two foreign keys, 1.7 s without). These statement-level triggers keep the same
-- guarantees with one anti-join per statement: a row may not refer to a missing parent, deleting a
-- parent cascades (memberships, change records), sets null (a deleted task's users) or is refused (a
-- group that still holds users). Referenced groups, tasks and runs are locked FOR KEY SHARE once per
-- distinct parent, as a foreign key would, so a concurrent delete of one waits and then sees the new
-- rows. The checks run with nested loops off: a transition table has no statistics, and probing an
-- index once per row is what made the row-level keys slow (300,000 memberships: 2.1 s of checks with
-- nested loops, 0.4 s with hash anti-joins). Referenced users are not locked: the only writer of a synced group's memberships is that task's
-- single active run, and a user it refers to is either created or row-locked by the same transaction.

alter table group_user_member drop constraint group_user_member_group_id_fkey,
                              drop constraint group_user_member_user_id_fkey;
alter table app_user drop constraint app_user_group_id_fkey,
                     drop constraint app_user_task_id_fkey;
alter table sync_run_change drop constraint sync_run_change_run_id_fkey;

create function group_user_member_refs() returns trigger language plpgsql set enable_nestloop = off as $$
begin
    perform 1 from user_group g where g.id in (select distinct group_id from new_rows) for key share;
    if exists (select 1 from new_rows n where not exists (select 1 from user_group g where g.id = n.group_id)) then
        raise foreign_key_violation using message = 'group_user_member refers to a user group that does not exist';
    end if;
    if exists (select 1 from new_rows n where not exists (select 1 from app_user u where u.id = n.user_id)) then
        raise foreign_key_violation using message = 'group_user_member refers to a user that does not exist';
    end if;
    return null;
end $$;
create trigger group_user_member_refs_on_insert after insert on group_user_member
    referencing new table as new_rows for each statement execute function group_user_member_refs();
create trigger group_user_member_refs_on_update after update on group_user_member
    referencing new table as new_rows for each statement execute function group_user_member_refs();

create function app_user_refs() returns trigger language plpgsql set enable_nestloop = off as $$
begin
    perform 1 from user_group g where g.id in (select distinct group_id from new_rows) for key share;
    if exists (select 1 from new_rows n where not exists (select 1 from user_group g where g.id = n.group_id)) then
        raise foreign_key_violation using message = 'app_user.group_id refers to a user group that does not exist';
    end if;
    perform 1 from sync_task t where t.id in (select distinct task_id from new_rows where task_id is not null) for key share;
    if exists (select 1 from new_rows n where n.task_id is not null
               and not exists (select 1 from sync_task t where t.id = n.task_id)) then
        raise foreign_key_violation using message = 'app_user.task_id refers to a sync task that does not exist';
    end if;
    return null;
end $$;
create trigger app_user_refs_on_insert after insert on app_user
    referencing new table as new_rows for each statement execute function app_user_refs();
create trigger app_user_refs_on_update after update on app_user
    referencing new table as new_rows for each statement execute function app_user_refs();

create function app_user_deleted() returns trigger language plpgsql as $$
begin
    delete from group_user_member m using old_rows o where m.user_id = o.id;
    return null;
end $$;
create trigger app_user_deleted after delete on app_user
    referencing old table as old_rows for each statement execute function app_user_deleted();

create function user_group_deleted() returns trigger language plpgsql as $$
begin
    if exists (select 1 from app_user u join old_rows o on u.group_id = o.id) then
        raise foreign_key_violation using message = 'a user group that still holds users cannot be deleted';
    end if;
    delete from group_user_member m using old_rows o where m.group_id = o.id;
    return null;
end $$;
create trigger user_group_deleted after delete on user_group
    referencing old table as old_rows for each statement execute function user_group_deleted();

create function sync_task_deleted() returns trigger language plpgsql as $$
begin
    update app_user u set task_id = null from old_rows o where u.task_id = o.id;
    return null;
end $$;
create trigger sync_task_deleted after delete on sync_task
    referencing old table as old_rows for each statement execute function sync_task_deleted();

create function sync_run_change_refs() returns trigger language plpgsql set enable_nestloop = off as $$
begin
    perform 1 from sync_run r where r.id in (select distinct run_id from new_rows) for key share;
    if exists (select 1 from new_rows n where not exists (select 1 from sync_run r where r.id = n.run_id)) then
        raise foreign_key_violation using message = 'sync_run_change refers to a run that does not exist';
    end if;
    return null;
end $$;
create trigger sync_run_change_refs after insert on sync_run_change
    referencing new table as new_rows for each statement execute function sync_run_change_refs();

create function sync_run_deleted() returns trigger language plpgsql as $$
begin
    delete from sync_run_change c using old_rows o where c.run_id = o.id;
    return null;
end $$;
create trigger sync_run_deleted after delete on sync_run
    referencing old table as old_rows for each statement execute function sync_run_deleted();
