insert into user_group (id, parent_id, name, description, task_id, external_id, kind, dn, dn_norm, sid, primary_key, source_hash)
select id, parent_id, name, description, ?, ext_id, kind, dn, dn_norm, sid, primary_key, source_hash from p_group where action = 'CREATED'
