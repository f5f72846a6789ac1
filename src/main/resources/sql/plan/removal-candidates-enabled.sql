-- under DISABLE, users already disabled change no more
select id, 'USER' as kind, external_id, dn from g_user where synced and enabled
union all
select id, case when kind = 'CONTAINER' then 'CONTAINER' else 'GROUP' end, external_id, dn from g_group where synced
limit ?
