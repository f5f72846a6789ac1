select count(*) from (select 1 from g_group where synced and kind = ? and right(dn_norm, length(?) + 1) = ',' || ? limit 1) x
