-- Version 17: a unit's (村/社区) own webhook, which gets its cases'
-- notifications besides the town's -notify-webhook: a 企业微信 or 钉钉
-- group robot, or a JSON receiver, and 钉钉's signing secret. The URL is
-- http(s) without credentials in it (data.Webhook.Check). A unit that
-- goes (a boundary change) leaves its row unused, not refused. The
-- outbox's target column is in the shared part
-- (data/internal/sqlstore/migrations/017_unit_webhooks.sql).

CREATE TABLE notify_webhooks (
	unit_code  TEXT PRIMARY KEY,
	url        TEXT NOT NULL,
	format     TEXT NOT NULL CHECK (format IN ('wecom', 'dingtalk', 'json')),
	secret     TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
