-- objects synced before normalised DNs were stored get theirs from the first full run after;
-- whether any is left is an index probe (V12)
select count(*) from (select 1 from app_user where task_id = ? and dn_norm is null limit 1) x
