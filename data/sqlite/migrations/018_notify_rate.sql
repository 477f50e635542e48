-- Version 18: the webhook rate limit shared by every process on the
-- database (notify.Worker, data.Store.TakeSend): the requests sent to
-- each webhook in the last minute, by target (the SHA-256 of its URL, so
-- that no robot key is stored twice). The lock rows that make two
-- processes take turns are in the shared part
-- (data/internal/sqlstore/migrations/018_notify_rate.sql).

CREATE TABLE notify_sends (
	target TEXT NOT NULL,
	at     TEXT NOT NULL
) STRICT;
CREATE INDEX notify_sends_target_at ON notify_sends (target, at);
