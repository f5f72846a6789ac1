create index on d_group_member (group_id, member_group_id);
alter table d_user_member alter group_id set statistics 10, alter user_id set statistics 10;
analyze d_user_member (group_id, user_id);
analyze d_group_member
