select ext_id, array_agg(distinct dn) from s_group where ext_id in
    (select ext_id from s_group group by ext_id having count(distinct dn_norm) > 1)
group by ext_id order by ext_id limit 1000
