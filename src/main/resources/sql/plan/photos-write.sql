-- new users' photos, and changed users' whose photo changed: a photo is part of the user's hash, so an
-- unchanged user's is unchanged, and a changed user's is compared with the one the store holds (run before
-- users-update writes the new SHA-256, after users-create adds the new users)
insert into user_photo (user_id, content_type, bytes)
select distinct on (p.id) p.id, s.content_type, s.bytes
from s_user_photo s join p_user p on p.ext_id = s.ext_id and p.photo_sha256 = s.sha256
left join app_user u on u.id = p.id
where p.action = any(?::text[]) and (p.action = 'CREATED' or u.photo_sha256 is distinct from p.photo_sha256)
order by p.id
on conflict (user_id) do update set content_type = excluded.content_type, bytes = excluded.bytes
