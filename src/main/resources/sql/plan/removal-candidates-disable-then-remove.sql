-- under DISABLE_THEN_REMOVE, the users it would disable or remove
select id, 'USER' as kind, external_id, dn from g_user where (synced and enabled) or due
union all
select id, case when kind = 'CONTAINER' then 'CONTAINER' else 'GROUP' end, external_id, dn from g_group where synced
limit ?
