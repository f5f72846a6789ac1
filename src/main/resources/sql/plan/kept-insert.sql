insert into v_kept (id, object_type, external_id, dn, action, reason) values (?, ?, ?, ?, ?, ?)
