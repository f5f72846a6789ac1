analyze k_user
