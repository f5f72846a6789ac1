select dn_norm from p_group where kind = 'DIRECTORY_GROUP'
