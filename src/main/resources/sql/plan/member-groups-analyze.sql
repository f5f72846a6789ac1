analyze k_group
