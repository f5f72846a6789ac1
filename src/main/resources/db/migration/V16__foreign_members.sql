-- A group's member from another domain of the forest (a foreign security principal) is found by its SID
-- among the groups of any task; users' SIDs are indexed already.
create index user_group_sid on user_group (sid) where sid is not null;
