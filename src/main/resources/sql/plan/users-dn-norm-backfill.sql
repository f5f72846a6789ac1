update app_user x set dn_norm = p.dn_norm from p_user p where x.task_id = ? and x.dn_norm is null and p.id = x.id
