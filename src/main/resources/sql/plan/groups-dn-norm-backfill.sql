update user_group x set dn_norm = p.dn_norm from p_group p where x.task_id = ? and x.dn_norm is null and p.id = x.id
