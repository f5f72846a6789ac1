drop view if exists l_user_member_stored, p_user_staged;
drop table if exists p_group, p_user, g_user, g_group, k_user, k_group, v_kept,
    d_user_member, d_group_member, u_foreign_member, l_user_member, x_user_member, a_user_member, r_user_member, r_group_member
