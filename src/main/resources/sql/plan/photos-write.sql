-- only created and changed users: a photo is part of the user's hash, so an unchanged user's is unchanged
insert into user_photo (user_id, content_type, bytes)
select distinct on (p.id) p.id, s.content_type, s.bytes
from s_user_photo s join p_user p on p.ext_id = s.ext_id and p.photo_sha256 = s.sha256
where p.action in ('CREATED', 'UPDATED', 'TAKEN_OVER')
order by p.id
on conflict (user_id) do update set content_type = excluded.content_type, bytes = excluded.bytes
