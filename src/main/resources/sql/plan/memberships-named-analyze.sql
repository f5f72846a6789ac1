create index on d_group_member (group_id, member_group_id);
analyze d_user_member (group_id, user_id);
analyze d_group_member
