-- Version 19: a petition's own deadline (《信访工作条例》: 60 days from
-- 受理 to the reply, extendable once by at most 30). reply_since starts
-- the reply clock: the time a petition was first accepted, later by the
-- days of its extension (extension_days), so that one comparison finds
-- the overdue ones. The shared part
-- (data/internal/sqlstore/migrations/019_petition_reply.sql) adds the
-- extension, the event kind and fills the clock of existing petitions.

ALTER TABLE incidents ADD COLUMN reply_since timestamptz;
