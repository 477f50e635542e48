-- Version 22, the part both stores share, run after each store's own
-- 022_instances.sql: the rate limits' expiry, by which TakeRate deletes
-- the full buckets of every key.
CREATE INDEX rate_limits_tat ON rate_limits (tat);
