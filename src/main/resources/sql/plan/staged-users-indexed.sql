-- DISTINCT ON in users-planned reads s_user in external id order, merge-joined with the store's unique index
create index on s_user (ext_id)
