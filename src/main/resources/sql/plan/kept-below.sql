insert into v_kept (id, object_type, external_id, dn, action, reason)
select x.id, 'USER', x.external_id, x.dn, 'KEPT', ? from g_user x
where x.dn_norm = ? or right(x.dn_norm, length(?) + 1) = ',' || ?
union all
select x.id, case when x.kind = 'CONTAINER' then 'CONTAINER' else 'GROUP' end, x.external_id, x.dn, 'KEPT', ? from g_group x
where x.dn_norm = ? or right(x.dn_norm, length(?) + 1) = ',' || ?
