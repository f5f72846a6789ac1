delete from s_user where ext_id in (select ext_id from s_user group by ext_id having count(distinct dn_norm) > 1)
