select count(distinct id) from v_kept
