-- Version 18, the part both stores share, run after each store's own
-- 018_notify_rate.sql: one row per webhook target, which TakeSend locks
-- (FOR UPDATE on PostgreSQL; SQLite's write transactions take turns
-- anyway) while it counts and adds the target's sends.
CREATE TABLE notify_rate (target TEXT PRIMARY KEY);
