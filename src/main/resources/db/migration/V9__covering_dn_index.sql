-- Incremental runs resolve a changed group's member values (DNs) to the users the last run synced.
-- With the columns they need in the index, each probe reads index pages only (about 13 MB for
-- 100,000 users, soon all cached) instead of one heap page of its own (the table is 60 MB).
create index app_user_task_dn_synced on app_user (task_id, dn_norm) include (id, external_id, username)
    where task_id is not null and source_hash is not null;
drop index app_user_task_dn;
