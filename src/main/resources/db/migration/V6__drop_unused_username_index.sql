-- No query uses a plain lower(username) index: searches match a part of the name (LIKE '%...%'), and the
-- collision check and per-group lookups use app_user_group (group_id, lower(username)). Keeping it cost
-- a btree insert for every synced user.
drop index app_user_username;
