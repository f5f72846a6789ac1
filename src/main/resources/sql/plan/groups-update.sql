update user_group g set parent_id = p.parent_id, name = p.name, description = p.description, kind = p.kind,
       dn = p.dn, dn_norm = p.dn_norm, sid = p.sid, primary_key = p.primary_key, source_hash = p.source_hash, version = g.version + 1, updated_at = now(),
       removed_at = null, removed_by_run_id = null, removed_by = null
from p_group p where p.action in ('UPDATED', 'RESTORED') and g.id = p.id
