select count(*) from (select 1 from user_group where task_id = ? and dn_norm is null limit 1) x
