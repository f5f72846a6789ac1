select count(*) from s_gone_subtree
