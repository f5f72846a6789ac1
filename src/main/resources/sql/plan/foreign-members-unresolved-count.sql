select count(*) from u_foreign_member
