delete from s_group where ext_id in (select ext_id from s_group group by ext_id having count(distinct dn_norm) > 1)
