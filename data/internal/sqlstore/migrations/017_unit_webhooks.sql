-- Version 17, the part both stores share, run after each store's own
-- 017_unit_webhooks.sql: the webhook an outbox message goes to, '' for
-- the town's (-notify-webhook), else the code of the unit whose own
-- webhook (notify_webhooks) it is for.
ALTER TABLE notify_outbox ADD COLUMN target TEXT NOT NULL DEFAULT '';
CREATE INDEX notify_outbox_target_due ON notify_outbox (target, next_at) WHERE delivered_at IS NULL AND failed = FALSE;
