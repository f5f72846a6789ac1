create index on p_group (dn_norm);
create index on p_group (ext_id);
analyze p_group
