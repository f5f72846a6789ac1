-- A user's photo (opt-in: mapping.photoAttribute) lives apart from its row, so that lists and plans never
-- read its bytes; the row keeps the photo's SHA-256, which is its ETag and part of the user's hash.
alter table app_user add column photo_sha256 text;
create table user_photo (
    user_id      uuid primary key references app_user (id) on delete cascade,
    content_type text not null,
    bytes        bytea not null
);
