create temp table v_kept (id uuid, object_type text, external_id text, dn text, action text, reason text)
