-- A run's change records are only ever read by run, in id order. Keyed (run_id, id), the key serves
-- those reads and the separate (run_id, id) index goes: a first run's 100,000 records kept one index
-- instead of two (measured in psql: 0.54 s instead of 0.78 s for the insert).
alter table sync_run_change drop constraint sync_run_change_pkey;
alter table sync_run_change add constraint sync_run_change_pkey primary key (run_id, id);
drop index sync_run_change_run;
